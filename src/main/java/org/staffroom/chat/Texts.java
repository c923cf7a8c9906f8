package org.staffroom.chat;

import java.io.IOException;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.context.MessageSource;
import org.springframework.context.support.ReloadableResourceBundleMessageSource;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;

/**
 * Every user-facing string, from the message bundles under {@code i18n/} (one bundle per feature,
 * {@code <feature>.properties} for English (UK) and {@code <feature>_es.properties} for Spanish),
 * in the locale of the school or person addressed. Messages are {@link java.text.MessageFormat}
 * patterns; bundles use the typographic apostrophe (’) so that none needs escaping.
 */
@Component
public class Texts {

    private final ReloadableResourceBundleMessageSource source = new ReloadableResourceBundleMessageSource();

    public Texts() {
        source.setBasenames(basenames().stream().map(b -> "classpath:i18n/" + b).toArray(String[]::new));
        source.setDefaultEncoding("UTF-8");
        source.setFallbackToSystemLocale(false);
        source.setDefaultLocale(Locale.UK);
        source.setAlwaysUseMessageFormat(true);
    }

    /** The text for {@code key} in {@code locale}, with {@code args} filled in. */
    public String get(Locale locale, String key, Object... args) {
        return source.getMessage(key, args, locale == null ? Locale.UK : locale);
    }

    /** The same bundles for Spring (Thymeleaf's #{...} in the web pages). */
    MessageSource messageSource() {
        return source;
    }

    /** The bundle names found on the class path (feature names such as "common", "qotd"). */
    public static Set<String> basenames() {
        Set<String> names = new TreeSet<>();
        try {
            for (Resource r : new PathMatchingResourcePatternResolver().getResources("classpath*:i18n/*.properties")) {
                String file = r.getFilename();
                if (file == null) continue;
                String base = file.substring(0, file.length() - ".properties".length());
                int underscore = base.indexOf('_');
                names.add(underscore < 0 ? base : base.substring(0, underscore));
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list message bundles", e);
        }
        return names;
    }
}
