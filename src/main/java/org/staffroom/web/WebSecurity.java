package org.staffroom.web;

import java.time.Duration;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;

import org.staffroom.config.Role;

/**
 * Who may open what. Staff pages need a session from a chat sign-in link; the public wall, its
 * feeds, display mode (by revocable link) and published images need none. CSRF protection is on
 * for every form; the sandbox's API (local only, off when real platforms are connected) and
 * Slack's endpoint (checked by Slack's request signature instead) are exempt.
 */
@Configuration
class WebSecurity {

    static final Duration SESSION_LIFETIME = Duration.ofHours(8);

    /**
     * No passwords: staff sign in with links from chat. An empty user store also stops Spring Boot
     * from generating a default password and printing it in the log.
     */
    @Bean
    UserDetailsService noPasswordUsers() {
        return new InMemoryUserDetailsManager();
    }

    @Bean
    SecurityFilterChain staffroomSecurity(HttpSecurity http, LiveRoles roles) throws Exception {
        http.authorizeHttpRequests(auth -> auth
                        .requestMatchers("/login", "/login/**", "/wall", "/wall/**", "/feed.json", "/feed.rss", "/display/**",
                                "/files/**", "/chats.ics", "/sandbox", "/sandbox/**", "/slack/**", "/actuator/health",
                                "/actuator/health/**", "/web/**", "/favicon.ico", "/error").permitAll()
                        .requestMatchers("/config", "/api/config", "/admin/**", "/api/admin/**").access(roles.requires(Role.ADMIN))
                        .anyRequest().access(roles.requires(Role.TEACHER)))
                .csrf(csrf -> csrf.ignoringRequestMatchers("/sandbox/api/**", "/slack/**"))
                .exceptionHandling(e -> e.authenticationEntryPoint(new LoginUrlAuthenticationEntryPoint("/login")))
                .formLogin(f -> f.disable())
                .httpBasic(b -> b.disable())
                .logout(l -> l.logoutUrl("/logout").logoutSuccessUrl("/login?signedOut"))
                .headers(h -> h
                        .referrerPolicy(r -> r.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER))
                        .frameOptions(f -> f.sameOrigin()));
        return http.build();
    }
}
