package org.staffroom.drafts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.staffroom.config.ConfigLoader;
import org.staffroom.config.StaffroomConfig;

/**
 * The privacy case table (src/test/resources/privacy/cases.tsv): every row through
 * {@link PolicyChecks} with the sample trust's consent list (every school's pupils) and
 * policy.yml (allow-list, phone regions). Prints, per category, the cases, the misses (an expected
 * finding not given) and the false positives (a finding given that was not expected), measured.
 */
class PrivacyCaseTableTest {

    record Case(int line, String category, String lang, Set<String> expected, String text, String why) {
        @Override
        public String toString() {
            return category + " | " + text.replace("\n", "⏎") + " -> " + expected;
        }
    }

    static final StaffroomConfig SAMPLE = ConfigLoader.load(Path.of("bot-config"), "bot-config");
    static final List<String> NAMES =
            SAMPLE.noConsent().values().stream().flatMap(List::stream).toList();
    private static final Pattern INITIAL_AT_END = Pattern.compile("\\s\\p{L}\\.?$");

    private static final Map<String, int[]> TALLY = new TreeMap<>(); // category -> {cases, misses, false positives}

    static List<Case> cases() throws IOException {
        List<Case> out = new ArrayList<>();
        try (InputStream in = PrivacyCaseTableTest.class.getResourceAsStream("/privacy/cases.tsv")) {
            String[] lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n");
            for (int i = 0; i < lines.length; i++) {
                String line = lines[i];
                if (line.isBlank() || line.startsWith("#") || line.startsWith("category\t")) continue;
                String[] c = line.split("\t", -1);
                if (c.length != 5)
                    throw new IllegalStateException("cases.tsv:" + (i + 1) + ": expected 5 columns, found " + c.length);
                Set<String> expected = c[2].equals("NONE") ? Set.of() : Set.of(c[2].split("\\+"));
                out.add(new Case(i + 1, c[0], c[1], expected, unescape(c[3]), c[4]));
            }
        }
        return out;
    }

    /** What the checks find in a case, as the table's codes. */
    static Set<String> found(Case c) {
        if (c.category().equals("file-name")) {
            return PolicyChecks.namedInFileName(c.text(), NAMES).isEmpty() ? Set.of() : Set.of("BLOCK_NAME");
        }
        List<Finding> findings =
                PolicyChecks.check(SAMPLE.policy(), NAMES, new PolicyChecks.Content(c.text(), List.of(), 0, false));
        Set<String> out = new TreeSet<>();
        for (Finding f : findings) {
            out.add(
                    switch (f.kind()) {
                        case NO_CONSENT_NAME -> "BLOCK_NAME";
                        case POSSIBLE_NO_CONSENT_NAME ->
                            INITIAL_AT_END.matcher(f.match()).find() ? "WARN_INITIAL" : "WARN_FIRST_NAME";
                        case PHONE -> "BLOCK_PHONE";
                        case EMAIL -> "BLOCK_EMAIL";
                        case ADDRESS -> "BLOCK_ADDRESS";
                        case POSTCODE -> "BLOCK_POSTCODE";
                        default -> f.kind().name();
                    });
        }
        return out;
    }

    @BeforeAll
    static void reset() {
        TALLY.clear();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("cases")
    void eachCaseGivesExactlyTheExpectedFindings(Case c) {
        Set<String> found = found(c);
        long misses = c.expected().stream().filter(e -> !found.contains(e)).count();
        long falsePositives =
                found.stream().filter(f -> !c.expected().contains(f)).count();
        int[] t = TALLY.computeIfAbsent(c.category(), k -> new int[3]);
        t[0]++;
        t[1] += misses > 0 ? 1 : 0;
        t[2] += falsePositives > 0 ? 1 : 0;
        assertThat(found)
                .as("cases.tsv:" + c.line() + " " + c.text() + " (" + c.why() + ")")
                .isEqualTo(c.expected());
    }

    @Test
    void theTableHasAtLeast150CasesInBothLanguagesAndEveryCategory() throws IOException {
        List<Case> all = cases();
        assertThat(all).hasSizeGreaterThanOrEqualTo(150);
        assertThat(all.stream().map(Case::lang).collect(Collectors.toSet())).containsExactlyInAnyOrder("en", "es");
        assertThat(all.stream().map(Case::category).collect(Collectors.toSet()))
                .contains(
                        "full-name",
                        "hashtag",
                        "handle",
                        "initial-surname",
                        "first-initial",
                        "first-name",
                        "invisible",
                        "confusable",
                        "case-apostrophe",
                        "double-barrelled",
                        "middle-name",
                        "spanish-surname",
                        "surname-first",
                        "nickname",
                        "line-break",
                        "ordinary-words-fp",
                        "sentence-fp",
                        "file-name",
                        "email",
                        "email-fp",
                        "phone-gb",
                        "phone-es",
                        "phone-line-break",
                        "phone-fp",
                        "postcode-gb",
                        "postcode-es",
                        "postcode-fp",
                        "address-en",
                        "street-types",
                        "address-es",
                        "address-fp");
    }

    /** Text-only figures for the README, measured on this run. */
    @AfterAll
    static void printFigures() {
        if (TALLY.isEmpty()) return;
        StringBuilder sb = new StringBuilder("Privacy case table (cases.tsv), measured:\n");
        sb.append(String.format("%-20s %6s %7s %16s%n", "category", "cases", "misses", "false positives"));
        int[] total = new int[3];
        for (Map.Entry<String, int[]> e : TALLY.entrySet()) {
            int[] t = e.getValue();
            sb.append(String.format("%-20s %6d %7d %16d%n", e.getKey(), t[0], t[1], t[2]));
            for (int i = 0; i < 3; i++) total[i] += t[i];
        }
        sb.append(String.format("%-20s %6d %7d %16d%n", "total", total[0], total[1], total[2]));
        System.out.print(sb);
    }

    private static final Pattern ESCAPE = Pattern.compile("\\\\(n|r|t|u([0-9A-Fa-f]{4})|x\\{([0-9A-Fa-f]{1,6})\\})");

    static String unescape(String s) {
        Matcher m = ESCAPE.matcher(s);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String r = switch (m.group(1).charAt(0)) {
                case 'n' -> "\n";
                case 'r' -> "\r";
                case 't' -> "\t";
                case 'u' -> String.valueOf((char) Integer.parseInt(m.group(2), 16));
                default -> new String(Character.toChars(Integer.parseInt(m.group(3), 16)));
            };
            m.appendReplacement(sb, Matcher.quoteReplacement(r));
        }
        m.appendTail(sb);
        return sb.toString();
    }
}
