package org.staffroom.pdchat;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.text.MessageFormat;
import java.util.Locale;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** Both languages say everything, every message is a valid pattern, and no plain apostrophe eats text. */
class PdChatBundleTest {

    @Test
    void englishAndSpanishHaveTheSameKeysAndValidPatterns() throws IOException {
        Properties en = load("i18n/pdchat.properties");
        Properties es = load("i18n/pdchat_es.properties");
        assertThat(es.stringPropertyNames()).isEqualTo(en.stringPropertyNames());
        for (Properties bundle : new Properties[] {en, es}) {
            for (String key : bundle.stringPropertyNames()) {
                String pattern = bundle.getProperty(key);
                assertThat(pattern).as(key).doesNotContain("'");
                assertThat(new MessageFormat(pattern, Locale.UK).getFormats())
                        .as(key)
                        .isNotNull(); // parses
            }
        }
    }

    private static Properties load(String path) throws IOException {
        Properties p = new Properties();
        try (Reader r = new InputStreamReader(
                PdChatBundleTest.class.getClassLoader().getResourceAsStream(path), StandardCharsets.UTF_8)) {
            p.load(r);
        }
        return p;
    }
}
