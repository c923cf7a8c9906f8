package org.staffroom.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.Locale;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.staffroom.chat.Actor;
import org.staffroom.chat.UserRef;
import org.staffroom.directory.Directory;

/**
 * Sign-in by chat link. Opening the link shows who it is for and a button: only pressing it uses
 * the link up, so a link-preview robot fetching the URL cannot spend it.
 */
@Controller
class LoginController {

    private final LoginLinks links;
    private final LiveRoles roles;
    private final Directory directory;
    private final WebProperties web;
    private final SecurityContextRepository contexts = new HttpSessionSecurityContextRepository();

    LoginController(LoginLinks links, LiveRoles roles, Directory directory, WebProperties web) {
        this.web = web;
        this.links = links;
        this.roles = roles;
        this.directory = directory;
    }

    @GetMapping("/login")
    String login(Authentication auth) {
        return roles.user(auth).isPresent() ? "redirect:/" : "web/login";
    }

    @GetMapping("/login/{token}")
    String confirm(@PathVariable String token, Model model, HttpServletRequest request) {
        LoginLinks.Redemption r = links.peek(token);
        if (r.user() == null) {
            model.addAttribute("refusal", r.refusal().name().toLowerCase());
            return "web/login";
        }
        request.setAttribute(WebLocale.OVERRIDE, localeOf(r.user()));
        model.addAttribute("name", r.user().name());
        model.addAttribute("token", token);
        return "web/login-confirm";
    }

    @PostMapping("/login/{token}")
    String signIn(@PathVariable String token, HttpServletRequest request, HttpServletResponse response, Model model) {
        LoginLinks.Redemption r = links.redeem(token);
        if (r.user() == null) {
            model.addAttribute("refusal", r.refusal().name().toLowerCase());
            return "web/login";
        }
        if (!roles.isStaff(r.user().personKey())) {
            // Made for someone who is not staff under the configuration now (removed, or a workspace not the trust's).
            model.addAttribute("refusal", "unknown");
            return "web/login";
        }
        // A fresh session id on sign-in (no session fixation); the session lasts a working day.
        request.getSession(true);
        request.changeSessionId();
        request.getSession().setMaxInactiveInterval((int) web.sessionLifetime().toSeconds());
        Authentication auth = UsernamePasswordAuthenticationToken.authenticated(
                r.user(), null, List.of(new SimpleGrantedAuthority("ROLE_STAFF")));
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(auth);
        SecurityContextHolder.setContext(context);
        contexts.saveContext(context, request, response);
        return "redirect:/";
    }

    /** The person's school language: from people.yml, or for an unlisted teacher from their space. */
    private Locale localeOf(StaffUser user) {
        return directory.person(user.personKey()).map(directory::localeOf).orElseGet(() -> {
            try {
                return directory
                        .caller(Actor.of(UserRef.parse(user.personKey()), user.name()), null)
                        .locale();
            } catch (RuntimeException e) {
                return directory.config().trust().locale();
            }
        });
    }
}
