package org.staffroom.web;

import java.util.Optional;
import java.util.function.Supplier;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.stereotype.Component;
import org.staffroom.chat.UserRef;
import org.staffroom.config.Person;
import org.staffroom.config.Role;
import org.staffroom.directory.Directory;

/** Role checks against the configuration in force, for URL rules and pages. */
@Component
public class LiveRoles {

    private final Directory directory;

    LiveRoles(Directory directory) {
        this.directory = directory;
    }

    /** The signed-in person, if they are still in people.yml. */
    public Optional<Person> person(Authentication auth) {
        if (auth == null || !(auth.getPrincipal() instanceof StaffUser user)) return Optional.empty();
        return directory.person(user.personKey());
    }

    /** The signed-in account, listed in people.yml or not (every member of a school's space is a teacher). */
    public Optional<StaffUser> user(Authentication auth) {
        return auth != null && auth.getPrincipal() instanceof StaffUser user ? Optional.of(user) : Optional.empty();
    }

    /**
     * True if {@code personKey} is staff under the configuration in force: a people.yml id still
     * listed, or a chat account (an unlisted teacher) still in one of the trust's spaces.
     */
    public boolean isStaff(String personKey) {
        if (directory.person(personKey).isPresent()) return true;
        try {
            return directory.isMember(UserRef.parse(personKey));
        } catch (RuntimeException e) {
            return false;
        }
    }

    public boolean has(Authentication auth, Role role) {
        if (role == Role.TEACHER)
            return user(auth).filter(u -> isStaff(u.personKey())).isPresent();
        return person(auth)
                .map(p -> p.roles().stream().anyMatch(g -> g.role() == role))
                .orElse(false);
    }

    public boolean has(Authentication auth, Role role, String schoolId) {
        return person(auth)
                .map(p -> p.roles().stream().anyMatch(g -> g.covers(role, schoolId)))
                .orElse(false);
    }

    public boolean isAdmin(Authentication auth) {
        return person(auth)
                .map(p -> p.roles().stream().anyMatch(g -> g.role() == Role.ADMIN && g.trustWide()))
                .orElse(false);
    }

    /**
     * True if the person decides drafts somewhere: the approver role (for a school or the trust), or
     * named as an approver or backup of a stage in approvals.yml.
     */
    public boolean isApprover(Authentication auth) {
        if (has(auth, Role.APPROVER)) return true;
        return person(auth)
                .map(p -> directory.config().approvals().routes().stream()
                        .flatMap(r -> r.stages().stream())
                        .anyMatch(st -> st.approverIds().contains(p.id())
                                || st.backupIds().contains(p.id())))
                .orElse(false);
    }

    /** A URL rule: allowed when the signed-in person holds {@code role} anywhere, now. */
    AuthorizationManager<RequestAuthorizationContext> requires(Role role) {
        return new AuthorizationManager<>() {
            @Override
            public AuthorizationResult authorize(
                    Supplier<? extends Authentication> auth, RequestAuthorizationContext ctx) {
                Authentication a = auth.get();
                boolean ok = switch (role) {
                    case ADMIN -> isAdmin(a);
                    case APPROVER -> isApprover(a);
                    default -> has(a, role);
                };
                return new AuthorizationDecision(ok);
            }
        };
    }
}
