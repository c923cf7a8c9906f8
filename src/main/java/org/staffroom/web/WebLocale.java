package org.staffroom.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Locale;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.servlet.LocaleResolver;
import org.staffroom.directory.Directory;

/** Pages speak the signed-in person's school language; public pages the trust's. */
@Configuration
class WebLocale {

    /** A request attribute that names the language for one page (the sign-in page speaks its person's). */
    static final String OVERRIDE = WebLocale.class.getName() + ".locale";

    @Bean
    LocaleResolver localeResolver(Directory directory, LiveRoles roles) {
        return new LocaleResolver() {
            @Override
            public Locale resolveLocale(HttpServletRequest request) {
                if (request.getAttribute(OVERRIDE) instanceof Locale chosen) return chosen;
                return roles.person(SecurityContextHolder.getContext().getAuthentication())
                        .map(directory::localeOf)
                        .orElse(directory.config().trust().locale());
            }

            @Override
            public void setLocale(HttpServletRequest request, HttpServletResponse response, Locale locale) {
                throw new UnsupportedOperationException("the language follows the school");
            }
        };
    }
}
