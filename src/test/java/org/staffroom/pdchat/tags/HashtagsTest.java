package org.staffroom.pdchat.tags;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class HashtagsTest {

    @Test
    void findsWholeTagsInOrderOnceEachInAnyScript() {
        assertThat(Hashtags.find("#Phonics and #EYFS, then #phonics again; #educación física #año2026"))
                .containsExactly("#Phonics", "#EYFS", "#educación", "#año2026");
    }

    @Test
    void linksAddressesAndEntitiesAreNotTags() {
        assertThat(Hashtags.find("https://x.org/#top www.school.org/#a ben#b@x.org &#39; <#C123|pd> x#y #1 # alone"))
                .isEmpty();
    }

    @Test
    void aTagIsMatchedWholeAndWithoutCase() {
        assertThat(Hashtags.carries("Loving #NWTchat tonight", "#nwtchat")).isTrue();
        assertThat(Hashtags.carries("Loving #NWTchat2 tonight", "#NWTchat")).isFalse();
    }

    @Test
    void typedTagsAreReadWithOrWithoutTheirHash() {
        assertThat(Hashtags.parse(" #Phonics ")).contains("#Phonics");
        assertThat(Hashtags.parse("phonics")).contains("#phonics");
        assertThat(Hashtags.parse("#two words")).isEmpty();
        assertThat(Hashtags.parse("#")).isEmpty();
        assertThat(Hashtags.key("#Phonics")).isEqualTo("#phonics");
        assertThat(List.of(Hashtags.key("EYFS"))).containsExactly("#eyfs");
    }

    @Test
    void tagsNextToLinksAndAddressesAreStillFound() {
        assertThat(Hashtags.find("#KS1 see https://x.org/a#b and mail ben@oak.sch.uk #maths,#Art\n#science"))
                .containsExactly("#KS1", "#maths", "#Art", "#science");
        assertThat(Hashtags.find("ftp+x://host/#no WWW.x.org#no x-www.y.org#no #yes"))
                .containsExactly("#yes");
        assertThat(Hashtags.find("#a@b #c@d.e #f")).containsExactly("#f");
    }

    /** The scanner means what the regular expressions it replaced meant, on many small random texts. */
    @Test
    void theScannerAgreesWithTheRegularExpressionsItReplaced() {
        String[] pieces = {
            "#", "#", "#", "@", ".", ":", "//", "/", " ", "\n", "-", "_", "+", "&", "a", "b", "W", "www.", "http", "s",
            "é", "ñ", "\u0301", "1", "x.org", "ñandú", "😀", "\u00A0", "%", "'", "<", "=", "ab", "Z9"
        };
        Random random = new Random(16);
        for (int round = 0; round < 200_000; round++) {
            StringBuilder text = new StringBuilder();
            int length = 1 + random.nextInt(14);
            for (int i = 0; i < length; i++) text.append(pieces[random.nextInt(pieces.length)]);
            String t = text.toString();
            assertThat(Hashtags.find(t)).as("tags in \"%s\"", t).isEqualTo(RegexOracle.find(t));
        }
    }

    /** Long words, long runs of scheme characters and of address characters: each read in linear time. */
    @Test
    void aFortyThousandCharacterMessageIsScannedAtOnce() {
        List<String> worst = List.of(
                "#" + "a".repeat(40_000),
                "#x " + "a.".repeat(20_000),
                "#x " + "a@".repeat(20_000),
                "#x " + "www.".repeat(10_000),
                "#x " + "a:/".repeat(13_000),
                ("#x" + "b".repeat(20) + "@c").repeat(1_700),
                "#x " + "ab-cd.".repeat(6_600) + "@");
        assertTimeoutPreemptively(Duration.ofSeconds(2), () -> {
            for (String text : worst) {
                assertThat(text.length()).isGreaterThan(19_000);
                Hashtags.find(text);
            }
        });
        assertThat(Hashtags.find("#first " + "word ".repeat(8_000) + "#last")).containsExactly("#first", "#last");
    }

    /** The implementation {@link Hashtags} had before its scanner: quadratic on long words, kept as the meaning. */
    private static final class RegexOracle {
        // The replaced expressions began with \\b, which until JDK 19 put a word boundary between any
        // letter or digit (Character.isLetterOrDigit, a combining mark counting with its letter) and
        // anything else. JDK 19 narrowed \\b to ASCII word characters (JDK-8264160), so the oracle
        // spells the old boundary out and means the same on every JDK.
        static final String START_OF_WORD = "(?<![\\p{L}\\p{Nd}_]\\p{Mn}{0,8})";
        static final Pattern URL =
                Pattern.compile("(?i)(?:" + START_OF_WORD + "[a-z][a-z0-9+.-]*://|" + START_OF_WORD + "www\\.)\\S+");
        static final Pattern EMAIL = Pattern.compile(
                "[\\p{L}\\p{M}\\p{N}._%+#&'*=?^{|}~-]+@[\\p{L}\\p{M}\\p{N}-]+(?:\\.[\\p{L}\\p{M}\\p{N}-]+)+");
        static final Pattern TAG = Pattern.compile("#(\\p{L}[\\p{L}\\p{M}\\p{N}_]*)");
        static final String NOT_BEFORE = "/&#@<=+~\\-.";

        static List<String> find(String text) {
            if (text.indexOf('#') < 0) return List.of();
            StringBuilder sb = new StringBuilder(text);
            for (Pattern p : List.of(URL, EMAIL)) {
                Matcher m = p.matcher(sb.toString());
                while (m.find()) {
                    for (int i = m.start(); i < m.end(); i++) sb.setCharAt(i, ' ');
                }
            }
            String masked = sb.toString();
            Map<String, String> found = new LinkedHashMap<>();
            Matcher m = TAG.matcher(masked);
            while (m.find()) {
                int start = m.start();
                int end = m.end();
                if (start > 0) {
                    char before = masked.charAt(start - 1);
                    if (Character.isLetterOrDigit(before) || before == '_' || NOT_BEFORE.indexOf(before) >= 0) continue;
                }
                if (end < masked.length()) {
                    char after = masked.charAt(end);
                    if (after == '@') continue;
                    if ((after == '.' || after == '/')
                            && end + 1 < masked.length()
                            && Character.isLetterOrDigit(masked.charAt(end + 1))) continue;
                }
                String tag = m.group();
                if (tag.length() > Hashtags.MAX_LENGTH + 1) continue;
                found.putIfAbsent(Hashtags.key(tag), tag);
            }
            return new ArrayList<>(found.values());
        }
    }
}
