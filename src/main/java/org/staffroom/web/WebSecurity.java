package org.staffroom.web;

import java.time.Clock;
import java.util.List;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.authentication.HttpStatusEntryPoint;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.staffroom.chat.AdapterWebPaths;
import org.staffroom.config.Role;

/**
 * Who may open what. Staff pages need a session from a chat sign-in link; the public wall, its
 * feeds, display mode (by revocable link), the chat calendar and published images need none.
 * Sections are gated by role, read from the configuration in force on every request: the question
 * bank for coordinators, the review queue for approvers, configuration and display links for
 * admins; the JSON API under {@code /api} has the same rules and answers 401/403 instead of
 * redirecting. CSRF protection is on for every form. Adapters bring their own open paths and CSRF
 * exemptions ({@link AdapterWebPaths}): the sandbox's API (local only, off when real platforms are
 * connected, JSON bodies only, gated by {@code SandboxGate}) and Slack's endpoint (checked by Slack's
 * request signature instead). Every response carries a strict
 * Content-Security-Policy (no inline script, nothing from other origins); pages may be framed by
 * this site only, except the wall's embeddable variant. Behind a TLS proxy the proxy's scheme is
 * honoured ({@code server.forward-headers-strategy=native}), so cookies are Secure and HSTS is sent.
 * Health says only UP or DOWN to the public; its details and the metrics are for admins.
 */
@Configuration
@EnableConfigurationProperties(WebProperties.class)
class WebSecurity {

    /** Everything from this origin only; images may also be inline data (the wall's placeholders). */
    static final String CSP = "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self'; "
            + "form-action 'self'; frame-ancestors 'self'";

    static final String CSP_EMBED = "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self'; "
            + "form-action 'self'; frame-ancestors *";

    /**
     * No passwords: staff sign in with links from chat. An empty user store also stops Spring Boot
     * from generating a default password and printing it in the log.
     */
    @Bean
    UserDetailsService noPasswordUsers() {
        return new InMemoryUserDetailsManager();
    }

    /** The embeddable wall: public, read-only, and the only page another site may frame. */
    @Bean
    @Order(1)
    SecurityFilterChain embeddableWall(HttpSecurity http) throws Exception {
        http.securityMatcher("/wall/embed", "/wall/embed/**")
                .authorizeHttpRequests(auth -> auth.anyRequest().permitAll())
                .csrf(csrf -> csrf.disable())
                .requestCache(c -> c.disable())
                .headers(h -> h.frameOptions(f -> f.disable())
                        .contentSecurityPolicy(csp -> csp.policyDirectives(CSP_EMBED))
                        .referrerPolicy(r -> r.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER)));
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain staffroomSecurity(
            HttpSecurity http,
            LiveRoles roles,
            SignOuts signOuts,
            List<AdapterWebPaths> adapters,
            Clock clock,
            WebProperties web)
            throws Exception {
        PathPatternRequestMatcher.Builder path = PathPatternRequestMatcher.withDefaults();
        String[] adapterPaths =
                adapters.stream().flatMap(a -> a.open().stream()).distinct().toArray(String[]::new);
        String[] noCsrf = adapters.stream()
                .flatMap(a -> a.withoutCsrfToken().stream())
                .distinct()
                .toArray(String[]::new);
        http.authorizeHttpRequests(auth -> auth.requestMatchers(
                                "/login",
                                "/login/**",
                                "/wall",
                                "/wall/**",
                                "/feed.json",
                                "/feed.rss",
                                "/display/**",
                                "/files/**",
                                "/chats.ics",
                                "/actuator/health",
                                "/actuator/health/**",
                                "/web/**",
                                "/favicon.ico",
                                "/error")
                        .permitAll()
                        .requestMatchers(adapterPaths)
                        .permitAll()
                        .requestMatchers("/actuator", "/actuator/**")
                        .access(roles.requires(Role.ADMIN))
                        .requestMatchers("/config", "/api/config", "/admin/**", "/api/admin/**")
                        .access(roles.requires(Role.ADMIN))
                        .requestMatchers("/questions", "/questions/**", "/api/questions", "/api/questions/**")
                        .access(roles.requires(Role.COORDINATOR))
                        .requestMatchers("/reviews", "/reviews/**", "/api/reviews", "/api/reviews/**")
                        .access(roles.requires(Role.APPROVER))
                        .anyRequest()
                        .access(roles.requires(Role.TEACHER)))
                .csrf(csrf -> csrf.ignoringRequestMatchers(noCsrf))
                .exceptionHandling(e -> e.defaultAuthenticationEntryPointFor(
                                new HttpStatusEntryPoint(HttpStatus.UNAUTHORIZED), path.matcher("/api/**"))
                        .defaultAuthenticationEntryPointFor(
                                new LoginUrlAuthenticationEntryPoint("/login"), path.matcher("/**")))
                .formLogin(f -> f.disable())
                .httpBasic(b -> b.disable())
                .logout(l -> l.logoutUrl("/logout").logoutSuccessUrl("/login?signedOut"))
                // Built here rather than as a bean: a Filter bean would also be put in the servlet chain.
                .addFilterBefore(
                        new SessionPolicy(signOuts, roles, clock, web.sessionLifetime()),
                        AnonymousAuthenticationFilter.class)
                .headers(h -> h.contentSecurityPolicy(csp -> csp.policyDirectives(CSP))
                        .referrerPolicy(r -> r.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER))
                        .frameOptions(f -> f.sameOrigin()));
        return http.build();
    }
}
