package org.staffroom.web;

import java.time.ZoneId;
import java.util.Optional;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;
import org.staffroom.chat.Actor;
import org.staffroom.chat.UserRef;
import org.staffroom.config.Person;
import org.staffroom.config.School;
import org.staffroom.directory.Caller;
import org.staffroom.directory.Directory;

/**
 * The signed-in person as the workflows know a chat user: a {@link Caller} resolved from the
 * configuration in force on every request (their account in their home school's space), so the
 * web passes the same permission checks as a command or a button would.
 */
@Component
record WebCallers(LiveRoles roles, Directory directory) {

    /** Empty when nobody is signed in, or a listed person has since lost every account. */
    Optional<Caller> of(Authentication auth) {
        Optional<StaffUser> user = roles.user(auth);
        if (user.isEmpty()) return Optional.empty();
        Optional<Person> person = directory.person(user.get().personKey());
        Optional<UserRef> account;
        if (person.isPresent()) {
            account = directory.account(person.get());
        } else {
            try {
                account = Optional.of(UserRef.parse(user.get().personKey()));
            } catch (RuntimeException e) {
                // A people.yml id that is no longer listed: they sign in again as whoever they are now.
                account = Optional.empty();
            }
        }
        return account.map(a -> directory.caller(Actor.of(a, user.get().name()), null));
    }

    /** The caller, or a 401 for a session that no longer maps to anyone. */
    Caller require(Authentication auth) {
        return of(auth).orElseThrow(() -> new org.springframework.web.server.ResponseStatusException(
                org.springframework.http.HttpStatus.UNAUTHORIZED));
    }

    /** The zone to show times in: the person's school's, else the trust's. */
    ZoneId zone(Authentication auth) {
        return of(auth).flatMap(Caller::schoolIfKnown).map(School::zone).orElseGet(this::trustZone);
    }

    ZoneId trustZone() {
        ZoneId z = directory.config().trust().zone();
        return z != null ? z : ZoneId.of("UTC");
    }
}
