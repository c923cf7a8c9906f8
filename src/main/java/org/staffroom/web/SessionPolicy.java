package org.staffroom.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Decides, on every request, whether a session still stands for someone: it ends when it is older
 * than the absolute lifetime (8 hours by default), when an admin signed the person out
 * everywhere after it began, or when the person is no longer staff under the configuration in
 * force (removed from people.yml, or their workspace is no longer one of the trust's). A session
 * that stands gets this request's authorities from the configuration now ({@code ROLE_ADMIN} for
 * a trust admin), never from what was true at sign-in.
 */
class SessionPolicy extends OncePerRequestFilter {

    private final SignOuts signOuts;
    private final LiveRoles roles;
    private final Clock clock;
    private final Duration lifetime;

    SessionPolicy(SignOuts signOuts, LiveRoles roles, Clock clock, Duration lifetime) {
        this.signOuts = signOuts;
        this.roles = roles;
        this.clock = clock;
        this.lifetime = lifetime;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth != null && auth.getPrincipal() instanceof StaffUser user) {
            if (stands(user)) {
                SecurityContext context = SecurityContextHolder.createEmptyContext();
                context.setAuthentication(
                        UsernamePasswordAuthenticationToken.authenticated(user, null, authorities(auth)));
                SecurityContextHolder.setContext(context);
            } else {
                // From here on the caller is anonymous: public pages still open, staff pages ask to sign in.
                end(request);
            }
        }
        chain.doFilter(request, response);
    }

    boolean stands(StaffUser user) {
        Instant now = clock.instant();
        Instant since = user.signedInAt();
        if (since == null || !now.isBefore(since.plus(lifetime))) return false;
        Optional<Instant> out = signOuts.signedOutAt(user.personKey());
        if (out.isPresent() && !since.isAfter(out.get())) return false;
        return roles.isStaff(user.personKey());
    }

    private List<GrantedAuthority> authorities(Authentication auth) {
        List<GrantedAuthority> out = new ArrayList<>();
        out.add(new SimpleGrantedAuthority("ROLE_STAFF"));
        if (roles.isAdmin(auth)) out.add(new SimpleGrantedAuthority("ROLE_ADMIN"));
        return out;
    }

    private static void end(HttpServletRequest request) {
        SecurityContextHolder.clearContext();
        HttpSession session = request.getSession(false);
        if (session != null) session.invalidate();
    }
}
