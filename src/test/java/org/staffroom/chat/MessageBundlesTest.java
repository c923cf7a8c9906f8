package org.staffroom.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every message bundle ships complete in English (UK) and Spanish: the same keys, the same
 * placeholders, valid MessageFormat patterns, and no plain apostrophe (which MessageFormat would
 * swallow; bundles use ’).
 */
class MessageBundlesTest {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\d+)[^}]*}");

    @Test
    void everyBundleHasEnglishAndSpanishWithTheSameKeysAndPlaceholders() throws IOException {
        Set<String> bundles = Texts.basenames();
        assertThat(bundles).contains("help", "sandbox");
        List<String> problems = new ArrayList<>();
        for (String bundle : bundles) {
            Properties en = load("i18n/" + bundle + ".properties");
            Properties es = load("i18n/" + bundle + "_es.properties");
            if (en == null) problems.add(bundle + ": the English bundle " + bundle + ".properties is missing");
            if (es == null) problems.add(bundle + ": the Spanish bundle " + bundle + "_es.properties is missing");
            if (en == null || es == null) continue;
            Set<String> all = new TreeSet<>(en.stringPropertyNames());
            all.addAll(es.stringPropertyNames());
            for (String key : all) {
                String e = en.getProperty(key);
                String s = es.getProperty(key);
                if (e == null) problems.add(bundle + ".properties lacks " + key);
                if (s == null) problems.add(bundle + "_es.properties lacks " + key);
                if (e == null || s == null) continue;
                check(bundle + ".properties", key, e, problems);
                check(bundle + "_es.properties", key, s, problems);
                if (!placeholders(e).equals(placeholders(s))) {
                    problems.add(bundle + ": " + key + " has placeholders " + placeholders(e) + " in English but "
                            + placeholders(s) + " in Spanish");
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void textsLooksUpByLocaleWithEnglishAsTheDefault() {
        Texts texts = new Texts();
        assertThat(texts.get(java.util.Locale.forLanguageTag("es"), "help.title", "Ana"))
                .isEqualTo("Comandos que puedes usar, Ana:");
        assertThat(texts.get(java.util.Locale.UK, "help.title", "Ann")).isEqualTo("Commands you can use, Ann:");
        assertThat(texts.get(java.util.Locale.FRENCH, "help.title", "Anne")).isEqualTo("Commands you can use, Anne:");
    }

    private static void check(String file, String key, String value, List<String> problems) {
        if (value.isBlank()) problems.add(file + ": " + key + " is empty");
        if (value.replace("''", "").contains("'")) problems.add(file + ": " + key + " has a plain apostrophe; use ’");
        try {
            new MessageFormat(value);
        } catch (IllegalArgumentException ex) {
            problems.add(file + ": " + key + " is not a valid MessageFormat pattern: " + ex.getMessage());
        }
    }

    private static Set<String> placeholders(String value) {
        Set<String> out = new TreeSet<>();
        Matcher m = PLACEHOLDER.matcher(value);
        while (m.find()) out.add(m.group(1));
        return out;
    }

    private static Properties load(String path) throws IOException {
        try (InputStream in = MessageBundlesTest.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) return null;
            Properties p = new Properties();
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            return p;
        }
    }
}
