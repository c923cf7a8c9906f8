package org.staffroom.drafts;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Spots contact details that must not appear in a public post about pupils: phone numbers (UK,
 * international with + or 00, North American, Spanish), e-mail addresses (also "name at school
 * dot org"), street addresses (English and Spanish forms) and UK postcodes. Tuned so that dates,
 * years, times, scores, money and ISBNs are not taken for phone numbers, and "Year 5" or
 * "Key Stage 2" for house numbers.
 */
final class ContactDetails {

    private ContactDetails() {
    }

    /** A run of digits with the separators people write in phone numbers, with an optional + or 00. */
    private static final Pattern PHONE_CANDIDATE = Pattern.compile(
            "(?<![\\p{L}\\p{N}+/.,_-])(?:\\+|00)?\\s?\\(?\\d[\\d \\u00A0().-]{5,24}\\d(?![\\p{L}\\p{N}/_]|[.,-]\\d)");
    private static final Pattern NORTH_AMERICAN = Pattern.compile("(?:\\+?1[ .-]?)?\\(?[2-9]\\d{2}\\)?[ .-]?\\d{3}[ .-]?\\d{4}");
    private static final Pattern SPANISH = Pattern.compile("[6-9]\\d{2}(?:[ .]?\\d{3}[ .]?\\d{3}|[ .]?\\d{2}[ .]?\\d{2}[ .]?\\d{2})");
    private static final Pattern DATE_LIKE = Pattern.compile("\\d{1,4}([.-])\\d{1,2}\\1\\d{1,4}");

    private static final Pattern EMAIL = Pattern.compile(
            "(?<![\\p{L}\\p{N}._%+-])[\\p{L}\\p{N}._%+-]+@[\\p{L}\\p{N}-]+(?:\\.[\\p{L}\\p{N}-]+)*\\.\\p{L}{2,}");
    private static final Pattern EMAIL_SPELLED = Pattern.compile(
            "(?iu)(?<![\\p{L}\\p{N}])[\\p{L}\\p{N}._%+-]+\\s*[\\[(]\\s*at\\s*[\\])]\\s*[\\p{L}\\p{N}-]+(?:\\s*[\\[(]\\s*dot\\s*[\\])]\\s*[\\p{L}\\p{N}-]+)+");

    private static final String EN_SUFFIXES = "Street|St|Road|Rd|Avenue|Ave|Lane|Ln|Drive|Close|Crescent|Cres|Way|Place|Court|"
            + "Gardens|Gdns|Grove|Terrace|Mews|Square|Parade|Boulevard";
    private static final Pattern ADDRESS_EN = Pattern.compile(
            "(?<![\\p{L}\\p{N}])(\\d{1,4}[A-Za-z]?),?\\s+(?:\\p{Lu}[\\p{L}'’-]*\\s+){1,3}(?:" + EN_SUFFIXES + ")(?![\\p{L}\\p{N}])\\.?");
    private static final Pattern ADDRESS_ES = Pattern.compile(
            "(?<![\\p{L}\\p{N}])(?:[Cc]alle|[Cc]/|[Aa]venida|[Aa]vda\\.?|[Aa]v\\.|[Pp]laza|[Pp]za\\.|[Pp]aseo|[Cc]amino|[Cc]arretera"
                    + "|[Rr]onda|[Gg]lorieta|[Tt]raves[ií]a|[Uu]rbanizaci[oó]n|[Uu]rb\\.)\\s*(?:(?:de|del|de la|de los|de las)\\s+)?"
                    + "\\p{Lu}[\\p{L}'’.-]*(?:\\s+(?:de|del|la|los|las|y|\\p{Lu}[\\p{L}'’.-]*)){0,4},?\\s*(?:n[º°o]\\.?\\s*)?\\d{1,4}(?![\\p{L}\\p{N}])");
    /** Words after which a number is not a house number ("Year 5 Spring Walk", "Key Stage 2 …"). */
    private static final Set<String> NOT_HOUSE_NUMBER = Set.of("year", "years", "yr", "class", "room", "stage", "group",
            "table", "set", "form", "ks", "no", "number", "page", "chapter", "step", "level", "gate", "platform", "bus",
            "route", "team", "size", "top", "under", "over", "age", "aged", "grade", "week", "day", "term", "unit",
            "lesson", "question", "act", "scene", "verse", "psalm", "hymn", "score");
    /** UK postcodes in capitals (SW1A 1AA, M1 1AE); not "KS2 …" (Key Stage) nor "Y6 …" (Year 6). */
    private static final Pattern POSTCODE = Pattern.compile(
            "(?<![\\p{L}\\p{N}])(?!KS\\d)(?:GIR ?0AA|(?:[BEGLMNSW]|[A-PR-UWYZ][A-HK-Y])\\d[A-Z\\d]? ?\\d[ABD-HJLNP-UW-Z]{2})(?![\\p{L}\\p{N}])");

    static List<String> phones(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = PHONE_CANDIDATE.matcher(text);
        while (m.find()) {
            String candidate = m.group().strip();
            // Try the longest runs of whole groups first, so "Year 6 07700 900123" still finds the number.
            String[] groups = candidate.split("[ \\u00A0]+");
            boolean[] used = new boolean[groups.length];
            for (int len = groups.length; len >= 1; len--) {
                for (int i = 0; i + len <= groups.length; i++) {
                    if (anyUsed(used, i, len)) continue;
                    String run = String.join(" ", java.util.Arrays.copyOfRange(groups, i, i + len));
                    if (isPhone(run)) {
                        out.add(run);
                        for (int k = i; k < i + len; k++) used[k] = true;
                    }
                }
            }
        }
        return out;
    }

    private static boolean anyUsed(boolean[] used, int from, int len) {
        for (int k = from; k < from + len; k++) if (used[k]) return true;
        return false;
    }

    static boolean isPhone(String run) {
        String s = run.strip().replaceAll("[()]+$", "");
        String digits = s.replaceAll("\\D", "");
        if (DATE_LIKE.matcher(s).matches()) return false;
        if (s.startsWith("+")) return digits.length() >= 8 && digits.length() <= 15;
        if (s.startsWith("00") && digits.length() >= 11) return digits.length() <= 17;
        String bare = s.startsWith("(") ? s.substring(1) : s;
        if (bare.startsWith("0")) return (digits.length() == 10 || digits.length() == 11) && digits.charAt(1) != '0';
        if (NORTH_AMERICAN.matcher(s).matches()) return true;
        return digits.length() == 9 && SPANISH.matcher(s).matches();
    }

    static List<String> emails(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = EMAIL.matcher(text);
        while (m.find()) out.add(m.group());
        Matcher spelled = EMAIL_SPELLED.matcher(text);
        while (spelled.find()) out.add(spelled.group());
        return out;
    }

    static List<String> addresses(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = ADDRESS_EN.matcher(text);
        while (m.find()) {
            if (!NOT_HOUSE_NUMBER.contains(wordBefore(text, m.start()))) out.add(m.group().strip());
        }
        Matcher es = ADDRESS_ES.matcher(text);
        while (es.find()) out.add(es.group().strip());
        return out;
    }

    static List<String> postcodes(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = POSTCODE.matcher(text);
        while (m.find()) out.add(m.group());
        return out;
    }

    private static String wordBefore(String text, int index) {
        int end = index;
        while (end > 0 && !Character.isLetterOrDigit(text.charAt(end - 1))) end--;
        int start = end;
        while (start > 0 && Character.isLetter(text.charAt(start - 1))) start--;
        return text.substring(start, end).toLowerCase(Locale.ROOT);
    }
}
