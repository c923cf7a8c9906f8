package org.staffroom.drafts;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Every listed name of the sample trust (bot-config/consent.yml, with its also: names), in every
 * form people and keyboards produce, inside a sentence: none may slip through. The only forms not
 * generated are lower case and capitals for names made only of everyday words ("will read",
 * "SUMMER DAY"): those are the "Year 3 will read" trade-off documented in NoConsentNames, and the
 * count of them is printed too. Also: a 40,000-character text is checked in well under 100 ms.
 */
class PrivacyGeneratedNamesTest {

    private static final String CYRILLIC_FROM = "aeopcxyiAEOPCXYIHKMTB";
    private static final String CYRILLIC_TO = "аеорсхуіАЕОРСХУІНКМТВ";

    @Test
    void noListedPupilSlipsThroughAnyKnownForm() {
        List<String> names = PrivacyCaseTableTest.NAMES;
        Map<String, UnaryOperator<String>> forms = forms();
        int generated = 0;
        int skipped = 0;
        List<String> slipped = new ArrayList<>();
        for (String name : names) {
            boolean everyday = NameText.keys(name).stream().allMatch(NoConsentNames.ORDINARY::contains);
            for (Map.Entry<String, UnaryOperator<String>> f : forms.entrySet()) {
                if (everyday && (f.getKey().equals("lower case") || f.getKey().equals("capitals"))) {
                    skipped++;
                    continue;
                }
                String text = "Well done " + f.getValue().apply(name) + " for a great effort!";
                generated++;
                List<Finding> found = PolicyChecks.check(
                        PrivacyCaseTableTest.SAMPLE.policy(),
                        names,
                        new PolicyChecks.Content(text, List.of(), 0, false));
                if (found.stream().noneMatch(x -> x.kind() == Finding.Kind.NO_CONSENT_NAME && x.blocks())) {
                    slipped.add(f.getKey() + ": " + text);
                }
            }
        }
        System.out.printf(
                "Generated name forms: %d names x %d forms = %d texts, %d slipped through, %d not generated "
                        + "(lower case or capitals of names made only of everyday words)%n",
                names.size(), forms.size(), generated, slipped.size(), skipped);
        assertThat(slipped).as("forms that slipped through").isEmpty();
        assertThat(generated).isGreaterThan(300);
    }

    @Test
    void aLongTextIsCheckedQuickly() {
        StringBuilder sb = new StringBuilder();
        String[] pieces = {
            "Year 3 will read a poem at 10:30 on 25/11/2026. ",
            "Well done Zoe. A fantastic effort! ",
            "We walked 5 miles down the lane with 12 children; ",
            "#SportsDay @OakfieldPrimary ISBN 978-0-14-103614-4 ",
            "Grace L. and Mrs Lin ran the 4 Counties Way relay. ",
            "El curso 2025-2026 empieza; dimos un paseo por el parque. "
        };
        for (int i = 0; sb.length() < 40_000; i++) sb.append(pieces[i % pieces.length]);
        String text = sb.substring(0, 40_000);
        PolicyChecks.Content content = new PolicyChecks.Content(text, List.of(), 0, false);
        for (int i = 0; i < 10; i++)
            PolicyChecks.check(PrivacyCaseTableTest.SAMPLE.policy(), PrivacyCaseTableTest.NAMES, content);
        // CPU time of this thread: the machine running the tests is shared, and wall time would
        // mostly measure how long the thread waited for a core.
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long best = Long.MAX_VALUE;
        long bestWall = Long.MAX_VALUE;
        for (int i = 0; i < 7; i++) {
            long c0 = threads.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            PolicyChecks.check(PrivacyCaseTableTest.SAMPLE.policy(), PrivacyCaseTableTest.NAMES, content);
            best = Math.min(best, threads.getCurrentThreadCpuTime() - c0);
            bestWall = Math.min(bestWall, System.nanoTime() - t0);
        }
        System.out.printf(
                "A 40,000-character text checked in %.1f ms of CPU time (%.1f ms wall clock; best of 7, after warm-up)%n",
                best / 1e6, bestWall / 1e6);
        assertThat(best / 1_000_000).isLessThan(100);
    }

    /** Each form as a function of the listed name. */
    static Map<String, UnaryOperator<String>> forms() {
        Map<String, UnaryOperator<String>> f = new LinkedHashMap<>();
        f.put("as listed", n -> n);
        f.put("lower case", n -> n.toLowerCase(Locale.ROOT));
        f.put("capitals", n -> n.toUpperCase(Locale.ROOT));
        f.put("no accents", PrivacyGeneratedNamesTest::plain);
        f.put("possessive ’s", n -> n + "’s");
        f.put("possessive 's", n -> n + "'s");
        f.put("possessive without apostrophe", n -> plain(n).replaceAll("['’]", "") + "s");
        f.put("hashtag", n -> "#" + camel(n));
        f.put("hashtag lower case", n -> "#" + camel(n).toLowerCase(Locale.ROOT));
        f.put("handle", n -> "@" + camel(n));
        f.put(
                "handle with underscores",
                n -> "@"
                        + plain(n).toLowerCase(Locale.ROOT)
                                .replaceAll("['’]", "")
                                .replaceAll("[\\s-]+", "_"));
        f.put("initial and surname", n -> n.charAt(0) + ". " + last(n));
        f.put("initial and surname, no stop", n -> n.charAt(0) + " " + last(n));
        f.put("first name and surname", n -> first(n) + " " + last(n));
        f.put("apostrophe left out", n -> n.replaceAll("['’]", ""));
        f.put("hyphens as spaces", n -> n.replace('-', ' '));
        f.put("zero-width spaces", n -> everyWord(n, w -> w.charAt(0) + "\u200B" + w.substring(1)));
        f.put(
                "soft hyphen",
                n -> everyWord(n, w -> w.length() > 3 ? w.substring(0, 2) + "\u00AD" + w.substring(2) : w));
        f.put("zero-width joiner", n -> n.replace(" ", "\u200D "));
        f.put("Cyrillic look-alikes", n -> cyrillic(n));
        f.put("line break", n -> n.replaceFirst(" ", "\n"));
        f.put("line break, Windows", n -> n.replaceFirst(" ", "\r\n"));
        f.put("full-width letters", n -> map(plain(n), 'Ａ', 'ａ'));
        f.put("bold letters", n -> map(plain(n), 0x1D400, 0x1D41A));
        f.put("italic sans letters", n -> map(plain(n), 0x1D608, 0x1D622));
        f.put("double spaces", n -> n.replace(" ", "  "));
        f.put("no-break spaces", n -> n.replace(' ', '\u00A0'));
        return f;
    }

    static String plain(String s) {
        return Normalizer.normalize(s, Normalizer.Form.NFD).replaceAll("\\p{M}+", "");
    }

    private static String camel(String n) {
        StringBuilder sb = new StringBuilder();
        for (String w : plain(n).replaceAll("['’]", "").split("[\\s-]+")) {
            if (!w.isEmpty()) sb.append(Character.toUpperCase(w.charAt(0))).append(w.substring(1));
        }
        return sb.toString();
    }

    private static String first(String n) {
        return n.split("\\s+")[0];
    }

    private static String last(String n) {
        String[] w = n.split("\\s+");
        return w[w.length - 1];
    }

    private static String everyWord(String n, UnaryOperator<String> f) {
        List<String> out = new ArrayList<>();
        for (String w : n.split(" ")) out.add(w.length() > 1 ? f.apply(w) : w);
        return String.join(" ", out);
    }

    private static String cyrillic(String n) {
        StringBuilder sb = new StringBuilder();
        for (char c : n.toCharArray()) {
            int i = CYRILLIC_FROM.indexOf(c);
            sb.append(i >= 0 ? CYRILLIC_TO.charAt(i) : c);
        }
        return sb.toString();
    }

    /** ASCII letters moved to another alphabet block (full-width, mathematical bold…). */
    private static String map(String s, int upperA, int lowerA) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c >= 'A' && c <= 'Z') sb.appendCodePoint(upperA + (c - 'A'));
            else if (c >= 'a' && c <= 'z') sb.appendCodePoint(lowerA + (c - 'a'));
            else sb.append(c);
        }
        return sb.toString();
    }
}
