package org.staffroom.drafts;

import com.google.i18n.phonenumbers.PhoneNumberMatch;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber;
import com.ibm.icu.text.Normalizer2;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Spots contact details that must not appear in a public post about pupils: phone numbers,
 * e-mail addresses (also "jo at school dot org", "jo @ school.org", a full-width ＠), street
 * addresses (UK and Spanish forms, street types in any case) and UK and Spanish postcodes.
 *
 * <p>Phone numbers are found by libphonenumber's {@code findNumbers} for each region the trust's
 * schools are in (and anywhere for numbers written with + or 00), plus a few shapes it rightly
 * calls invalid but people still write (Ofcom's drama numbers such as 07700 900123, North American
 * numbers). Dates, years, times, scores, money and ISBNs are not taken for phone numbers, nor
 * "Year 5" or "Key Stage 2" for house numbers. The text is read after NFKC (full-width digits and
 * ＠ become plain ones), with invisible characters removed and line breaks read as spaces, so a
 * number broken across a line is still one number.
 */
final class ContactDetails {

    private ContactDetails() {}

    /** Regions used when a caller gives none (tests, and a trust whose schools' countries are unknown). */
    static final List<String> DEFAULT_REGIONS = List.of("GB");

    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();
    private static final Normalizer2 NFKC = Normalizer2.getNFKCInstance();

    /** A run of digits with the separators people write in phone numbers, with an optional + or 00. */
    private static final Pattern PHONE_CANDIDATE = Pattern.compile(
            "(?<![\\p{L}\\p{N}+/.,_-])(?:\\+|00)?\\s?\\(?\\d[\\d \\u00A0().-]{5,24}\\d(?![\\p{L}\\p{N}/_]|[.,-]\\d)");
    /** Where a phone number may be: digits, possibly grouped, at least seven in all. */
    private static final Pattern DIGIT_RUN = Pattern.compile("\\d[\\d \\u00A0().\\-/]{5,30}+");

    private static final Pattern NORTH_AMERICAN =
            Pattern.compile("(?:\\+?1[ .-]?)?\\(?[2-9]\\d{2}\\)?[ .-]?\\d{3}[ .-]?\\d{4}");
    private static final Pattern SPANISH =
            Pattern.compile("[6-9]\\d{2}(?:[ .-]?\\d{3}[ .-]?\\d{3}|[ .-]?\\d{2}[ .-]?\\d{2}[ .-]?\\d{2})"
                    + "|[89]\\d(?:[ .-]?\\d{3}[ .-]?\\d{2}[ .-]?\\d{2}|[ .-]?\\d{2}[ .-]?\\d{2}[ .-]?\\d{3})");
    private static final Pattern DATE_LIKE = Pattern.compile("\\d{1,4}([.-])\\d{1,2}\\1\\d{1,4}");
    private static final Pattern ISBN_BEFORE = Pattern.compile("(?i)isbn(?:-1[03])?:?\\s*$");

    private static final Pattern EMAIL = Pattern.compile(
            "(?<![\\p{L}\\p{N}._%+-])[\\p{L}\\p{N}._%+-]{1,64}+(?: @ |@ ?)[\\p{L}\\p{N}-]{1,63}+(?:\\.[\\p{L}\\p{N}-]{1,63}+){0,6}+"
                    + "(?<=\\.\\p{L}{2,24})(?![\\p{L}\\p{N}])");
    private static final String TLD = "(?:com|org|net|edu|gov|uk|es|eu|io|info|cat|me|co|sch|ac|biz|ie)";
    private static final String AT =
            "(?:\\s*[\\[(]\\s*(?:at|arroba)\\s*[\\])]\\s*|\\s+(?:at|arroba)\\s+|\\s+@\\s+|@\\s*)";
    private static final String DOT = "(?:\\s*[\\[(]\\s*(?:dot|punto)\\s*[\\])]\\s*|\\s+(?:dot|punto)\\s+|\\.)";
    private static final Pattern AT_ANCHOR =
            Pattern.compile("(?i)@|(?<![\\p{L}\\p{N}])(?:at|arroba)(?![\\p{L}\\p{N}])");
    private static final Pattern EMAIL_SPELLED = Pattern.compile(
            "(?iu)(?<![\\p{L}\\p{N}._-])[\\p{L}\\p{N}][\\p{L}\\p{N}._%+-]{0,63}+" + AT + "[\\p{L}\\p{N}-]{1,63}+(?:"
                    + DOT + "[\\p{L}\\p{N}-]{1,63}+){0,5}?" + DOT + TLD + "(?![\\p{L}\\p{N}])");

    /** Street types: with these the street's own name may be written in lower case ("12 acacia avenue"). */
    private static final Set<String> STRONG_TYPES = Set.of(
            "street",
            "st",
            "road",
            "rd",
            "lane",
            "ln",
            "avenue",
            "ave",
            "drive",
            "crescent",
            "cres",
            "terrace",
            "tce",
            "gardens",
            "gdns",
            "grove",
            "mews",
            "boulevard",
            "close");
    /** Street types that are also everyday words: the street's name must be capitalised ("4 Primrose Hill"). */
    private static final Set<String> WEAK_TYPES = Set.of(
            "hill",
            "view",
            "rise",
            "walk",
            "green",
            "way",
            "place",
            "pl",
            "court",
            "ct",
            "square",
            "sq",
            "parade",
            "row",
            "vale",
            "park",
            "mount",
            "croft",
            "meadow",
            "meadows",
            "dale",
            "chase",
            "approach",
            "wharf",
            "quay",
            "ridge",
            "heights",
            "gate",
            "end",
            "bank",
            "wynd",
            "circus",
            "lea",
            "orchard",
            "path",
            "fields",
            "dr");
    /** After a street name these make it an event's name, not an address: "4 Counties Way relay". */
    private static final Set<String> EVENT_WORDS = Set.of(
            "relay",
            "race",
            "run",
            "walk",
            "challenge",
            "trail",
            "marathon",
            "festival",
            "fair",
            "cup",
            "trophy",
            "ride",
            "swim",
            "sponsored",
            "fun",
            "league",
            "tournament",
            "project",
            "appeal",
            "trek",
            "hike",
            "carnival",
            "gala",
            "show",
            "final",
            "event",
            "competition");
    /** Words that never sit between a house number and a street type. */
    private static final Set<String> NOT_STREET_NAME = Set.of(
            "the", "a", "an", "on", "in", "at", "to", "of", "and", "for", "with", "by", "all", "our", "my", "your",
            "his", "her", "their", "its", "this", "that", "some", "every", "very", "so", "too", "up", "down", "out",
            "off", "over", "back", "from", "into", "along", "across", "round", "minute", "minutes", "min", "mins",
            "hour", "hours", "mile", "miles", "km", "k", "metre", "metres", "meter", "meters", "yard", "yards",
            "second", "seconds", "day", "days", "week", "weeks", "lap", "laps", "step", "steps", "times", "more",
            "most", "other", "is", "was", "were", "are", "be", "been", "it", "we", "they", "you", "he", "she", "i",
            "or", "but", "not", "no", "as", "just", "still", "go", "went", "way", "car", "bus");
    /** Words after which a number is not a house number ("Year 5 Spring Walk", "Key Stage 2 …"). */
    private static final Set<String> NOT_HOUSE_NUMBER = Set.of(
            "year",
            "years",
            "yr",
            "class",
            "room",
            "stage",
            "group",
            "table",
            "set",
            "form",
            "ks",
            "no",
            "number",
            "page",
            "chapter",
            "step",
            "level",
            "gate",
            "platform",
            "bus",
            "route",
            "team",
            "size",
            "top",
            "under",
            "over",
            "age",
            "aged",
            "grade",
            "week",
            "day",
            "term",
            "unit",
            "lesson",
            "question",
            "act",
            "scene",
            "verse",
            "psalm",
            "hymn",
            "score",
            "curso",
            "clase",
            "grupo",
            "aula");

    private static final Pattern HOUSE_NUMBER =
            Pattern.compile("(?<![\\p{L}\\p{N}£$€.,:/-])(\\d{1,4}[A-Za-z]?)(?![\\p{L}\\p{N}]|[.,:/-]\\d)");
    private static final Pattern WORD = Pattern.compile("[\\p{L}][\\p{L}'’-]*+\\.?");

    private static final String ES_TYPES =
            "calle|c/|avenida|avda\\.?|av\\.|plaza|pza\\.|paseo|p[º°]|camino|carretera|ctra\\.|ronda"
                    + "|glorieta|traves[ií]a|urbanizaci[oó]n|urb\\.|pasaje|callej[oó]n";
    private static final Pattern ADDRESS_ES = Pattern.compile(
            "(?iu)(?<![\\p{L}\\p{N}])(?:" + ES_TYPES + ")\\s*+(?:(?:de|del|de la|de los|de las)\\s++)?"
                    + "(\\p{L}[\\p{L}'’.-]*+(?:\\s++(?:de|del|la|los|las|y|\\p{L}[\\p{L}'’.-]*+)){0,4}?),?\\s*+(?:n[º°o]\\.?\\s*+)?\\d{1,4}(?![\\p{L}\\p{N}])");
    private static final Set<String> NOT_SPANISH_STREET_NAME = Set.of(
            "por", "el", "en", "con", "a", "un", "una", "para", "que", "al", "es", "son", "hay", "muy", "sus", "su",
            "mi", "tu", "nuestro", "nuestra", "lo", "se", "le");

    /** UK postcodes, any case (SW1A 1AA, m1 1ae); not "KS2 …" (Key Stage) nor "Y6 …" (Year 6). */
    private static final Pattern POSTCODE = Pattern.compile(
            "(?i)(?<![\\p{L}\\p{N}])(?!KS\\d)(GIR ?0AA|(?:[BEGLMNSW]|[A-PR-UWYZ][A-HK-Y])\\d[A-Z\\d]? ?(\\d[ABD-HJLNP-UW-Z]{2}))(?![\\p{L}\\p{N}])");

    private static final Pattern INWARD = Pattern.compile("\\d[A-Za-z]{2}(?![\\p{L}\\p{N}])");
    private static final Pattern FIVE_DIGITS = Pattern.compile("(?<![\\p{N}])\\d{5}(?![\\p{N}])");
    /** Spanish postal codes: 01000–52999, with "CP" before or a town after ("41001 Sevilla"). */
    private static final Pattern POSTCODE_ES = Pattern.compile(
            "(?iu)(?<![\\p{L}\\p{N}.,£$€])(?:(c\\.?\\s?p\\.?|c[oó]digo postal)[:\\s]\\s*)?((?:0[1-9]|[1-4]\\d|5[0-2])\\d{3})(?![\\p{N}.,])(?:(?:\\s*,)?\\s+(\\p{Lu}\\p{Ll}+))?");

    private static final Set<String> NOT_TOWN = Set.of(
            "euros",
            "euro",
            "libras",
            "pounds",
            "puntos",
            "points",
            "personas",
            "people",
            "alumnos",
            "pupils",
            "children",
            "km",
            "metros",
            "steps",
            "pasos",
            "views",
            "visitas",
            "likes");

    // ------------------------------------------------------------------ phones

    static List<String> phones(String text) {
        return phones(text, DEFAULT_REGIONS);
    }

    /** Phone numbers written the way they are in {@code regions} (ISO codes such as GB and ES), or internationally. */
    static List<String> phones(String text, Collection<String> regions) {
        String t = readable(text);
        List<String> out = new ArrayList<>();
        List<int[]> taken = new ArrayList<>();
        // libphonenumber reads only the stretches around runs of digits, so a long text stays quick.
        Matcher digits = DIGIT_RUN.matcher(t);
        while (digits.find()) {
            int from = Math.max(0, digits.start() - 4);
            int to = Math.min(t.length(), digits.end() + 4);
            String window = t.substring(from, to);
            for (String region : regions.isEmpty() ? DEFAULT_REGIONS : regions) {
                for (PhoneNumberMatch m :
                        PHONES.findNumbers(window, region, PhoneNumberUtil.Leniency.VALID, Long.MAX_VALUE)) {
                    int s = from + m.start();
                    if (overlaps(taken, s, from + m.end()) || isbn(t, s, m.rawString())) continue;
                    taken.add(new int[] {s, from + m.end()});
                    out.add(m.rawString().strip());
                }
            }
        }
        Matcher m = PHONE_CANDIDATE.matcher(t);
        while (m.find()) {
            String candidate = m.group();
            int base = m.start();
            if (isbn(t, base, candidate)) continue;
            // Try the longest runs of whole groups first, so "Year 6 07700 900123" still finds the number.
            String[] groups = candidate.strip().split("[ \\u00A0]+");
            int lead = candidate.indexOf(candidate.strip());
            int[] starts = new int[groups.length];
            for (int g = 0, at = lead; g < groups.length; g++) {
                at = candidate.indexOf(groups[g], at);
                starts[g] = base + at;
                at += groups[g].length();
            }
            boolean[] used = new boolean[groups.length];
            for (int len = groups.length; len >= 1; len--) {
                for (int i = 0; i + len <= groups.length; i++) {
                    if (anyUsed(used, i, len)) continue;
                    String run = String.join(" ", java.util.Arrays.copyOfRange(groups, i, i + len));
                    int s = starts[i];
                    int e = starts[i + len - 1] + groups[i + len - 1].length();
                    if (isPhone(run)) {
                        for (int k = i; k < i + len; k++) used[k] = true;
                        if (overlaps(taken, s, e)) continue;
                        taken.add(new int[] {s, e});
                        out.add(run);
                    }
                }
            }
        }
        return out;
    }

    private static boolean overlaps(List<int[]> taken, int s, int e) {
        for (int[] r : taken) if (s < r[1] && r[0] < e) return true;
        return false;
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

    /** An ISBN (after "ISBN", or 13 digits starting 978/979) with a correct check digit is a book, not a phone. */
    static boolean isbn(String text, int start, String candidate) {
        String digits = candidate.replaceAll("[^0-9Xx]", "");
        int end = text.indexOf(candidate, start) + candidate.length();
        if (end > 0
                && end < text.length()
                && digits.length() == 9
                && (text.charAt(end) == 'X' || text.charAt(end) == 'x')) {
            digits = digits + "X";
        }
        // libphonenumber may stop before a trailing "-4" or "-X": read on to the end of the ISBN.
        if (end > 0) {
            int k = end;
            while (k < text.length()
                    && (Character.isDigit(text.charAt(k)) || text.charAt(k) == '-' || text.charAt(k) == 'X')) k++;
            String more = text.substring(end, k).replaceAll("[^0-9X]", "");
            if (!more.isEmpty() && (digits + more).length() <= 13) digits = digits + more;
        }
        boolean named = ISBN_BEFORE
                .matcher(text.substring(Math.max(0, start - 12), Math.max(0, start)))
                .find();
        if (digits.length() == 13 && (digits.startsWith("978") || digits.startsWith("979"))) return isbn13(digits);
        return named && ((digits.length() == 10 && isbn10(digits)) || (digits.length() == 13 && isbn13(digits)));
    }

    private static boolean isbn13(String d) {
        if (!d.matches("\\d{13}")) return false;
        int sum = 0;
        for (int i = 0; i < 13; i++) sum += (d.charAt(i) - '0') * (i % 2 == 0 ? 1 : 3);
        return sum % 10 == 0;
    }

    private static boolean isbn10(String d) {
        if (!d.matches("\\d{9}[\\dXx]")) return false;
        int sum = 0;
        for (int i = 0; i < 10; i++) {
            int v = i == 9 && (d.charAt(i) == 'X' || d.charAt(i) == 'x') ? 10 : d.charAt(i) - '0';
            sum += v * (10 - i);
        }
        return sum % 11 == 0;
    }

    /** The same phone number? Compared as libphonenumber parses it in each region, else by digits. */
    static boolean samePhone(String a, String b, Collection<String> regions) {
        for (String region : regions.isEmpty() ? DEFAULT_REGIONS : regions) {
            try {
                Phonenumber.PhoneNumber x = PHONES.parse(readable(a), region);
                Phonenumber.PhoneNumber y = PHONES.parse(readable(b), region);
                if (PHONES.isNumberMatch(x, y) == PhoneNumberUtil.MatchType.EXACT_MATCH) return true;
            } catch (com.google.i18n.phonenumbers.NumberParseException e) {
                // not a number in this region: try the next, then the digits
            }
        }
        return readable(a).replaceAll("\\D", "").equals(readable(b).replaceAll("\\D", ""));
    }

    // ------------------------------------------------------------------ e-mail

    static List<String> emails(String text) {
        String t = readable(text);
        List<String> out = new ArrayList<>();
        List<int[]> taken = new ArrayList<>();
        Matcher m = EMAIL.matcher(t);
        while (m.find()) {
            out.add(m.group());
            taken.add(new int[] {m.start(), m.end()});
        }
        // The spelled-out forms are looked for only around an "at", "arroba" or @, so a long text stays quick.
        Matcher anchor = AT_ANCHOR.matcher(t);
        int done = 0;
        while (anchor.find()) {
            if (anchor.start() < done) continue;
            Matcher spelled = EMAIL_SPELLED.matcher(t);
            spelled.useTransparentBounds(true).useAnchoringBounds(false);
            spelled.region(Math.max(done, anchor.start() - 66), Math.min(t.length(), anchor.end() + 400));
            while (spelled.find()) {
                if (spelled.start() > anchor.start()) break;
                done = spelled.end();
                if (overlaps(taken, spelled.start(), spelled.end())) continue;
                taken.add(new int[] {spelled.start(), spelled.end()});
                out.add(spelled.group());
            }
        }
        return out;
    }

    /** An e-mail address as one comparable form: "Jo at School dot org" = "jo@school.org". */
    static String canonicalEmail(String s) {
        return readable(s)
                .toLowerCase(Locale.ROOT)
                .replaceAll("\\s*[\\[(]\\s*(at|arroba)\\s*[\\])]\\s*|\\s+(at|arroba)\\s+|\\s*@\\s*", "@")
                .replaceAll("\\s*[\\[(]\\s*(dot|punto)\\s*[\\])]\\s*|\\s+(dot|punto)\\s+", ".")
                .strip();
    }

    // ------------------------------------------------------------------ addresses

    static List<String> addresses(String text) {
        String t = readable(text);
        List<String> out = new ArrayList<>();
        Matcher n = HOUSE_NUMBER.matcher(t);
        while (n.find()) {
            if (NOT_HOUSE_NUMBER.contains(wordBefore(t, n.start()))) continue;
            String found = streetAfter(t, n.start(), n.end());
            if (found != null) out.add(found);
        }
        Matcher es = ADDRESS_ES.matcher(t);
        while (es.find()) {
            boolean ok = true;
            for (String w : es.group(1).toLowerCase(Locale.ROOT).split("\\s+"))
                if (NOT_SPANISH_STREET_NAME.contains(w)) ok = false;
            if (ok) out.add(es.group().strip());
        }
        return out;
    }

    /** "12 Acacia Avenue", "14b high street", "4 Primrose Hill": a number, one to three name words, a street type. */
    private static String streetAfter(String t, int start, int numberEnd) {
        int at = numberEnd;
        if (at < t.length() && t.charAt(at) == ',') at++;
        List<String> names = new ArrayList<>();
        boolean capitalised = true;
        Matcher w = WORD.matcher(t);
        for (int k = 0; k < 4; k++) {
            int s = at;
            while (s < t.length() && (t.charAt(s) == ' ' || t.charAt(s) == '\u00A0')) s++;
            if (s == at || !w.find(s) || w.start() != s) return null;
            String word = w.group();
            String bare = word.endsWith(".") ? word.substring(0, word.length() - 1) : word;
            String lower = bare.toLowerCase(Locale.ROOT);
            boolean strong = STRONG_TYPES.contains(lower);
            boolean weak = WEAK_TYPES.contains(lower);
            if (!names.isEmpty() && (strong || weak)) {
                if (weak && !capitalised) return null;
                if (EVENT_WORDS.contains(wordAfter(t, w.end()))) return null;
                return t.substring(start, w.end()).strip();
            }
            if (NOT_STREET_NAME.contains(lower) || k == 3) return null;
            if (!Character.isUpperCase(bare.charAt(0))) capitalised = false;
            names.add(bare);
            at = s + bare.length();
        }
        return null;
    }

    private static String wordAfter(String text, int index) {
        int s = index;
        while (s < text.length()
                && !Character.isLetterOrDigit(text.charAt(s))
                && text.charAt(s) != '\n'
                && text.charAt(s) != '.') s++;
        int e = s;
        while (e < text.length() && Character.isLetter(text.charAt(e))) e++;
        return text.substring(s, e).toLowerCase(Locale.ROOT);
    }

    private static String wordBefore(String text, int index) {
        int end = index;
        while (end > 0 && !Character.isLetterOrDigit(text.charAt(end - 1))) end--;
        int start = end;
        while (start > 0 && Character.isLetter(text.charAt(start - 1))) start--;
        return text.substring(start, end).toLowerCase(Locale.ROOT);
    }

    // ------------------------------------------------------------------ postcodes

    static List<String> postcodes(String text) {
        String t = readable(text);
        List<String> out = new ArrayList<>();
        Matcher m = POSTCODE.matcher(t);
        m.useTransparentBounds(true).useAnchoringBounds(false);
        Matcher inwardCode = INWARD.matcher(t);
        int after = 0;
        while (inwardCode.find()) {
            m.region(Math.max(after, inwardCode.start() - 5), inwardCode.end());
            if (!m.find()) continue;
            after = m.end();
            String inward = m.group(2);
            // "b4 2pm" is a time, not a postcode: a lower-case inward code of am/pm is read as a time.
            if (inward != null
                    && inward.substring(1).equals(inward.substring(1).toLowerCase(Locale.ROOT))
                    && (inward.endsWith("am") || inward.endsWith("pm"))) continue;
            out.add(m.group(1));
        }
        Matcher es = POSTCODE_ES.matcher(t);
        es.useTransparentBounds(true).useAnchoringBounds(false);
        Matcher five = FIVE_DIGITS.matcher(t);
        while (five.find()) {
            es.region(Math.max(0, five.start() - 20), Math.min(t.length(), five.end() + 40));
            boolean hit = false;
            while (es.find()) {
                if (es.start(2) == five.start()) {
                    hit = true;
                    break;
                }
            }
            if (!hit) continue;
            boolean labelled = es.group(1) != null;
            String town = es.group(3);
            if (labelled || (town != null && !NOT_TOWN.contains(town.toLowerCase(Locale.ROOT)))) out.add(es.group(2));
        }
        return out;
    }

    /** Postcodes compared without spaces or case: "sw1a 1aa" = "SW1A1AA". */
    static String canonicalPostcode(String s) {
        return readable(s).replaceAll("\\s+", "").toUpperCase(Locale.ROOT);
    }

    // ------------------------------------------------------------------ text

    /** NFKC, invisible characters removed, line breaks and tabs read as spaces. */
    static String readable(String text) {
        if (text == null) return "";
        boolean plain = true;
        for (int i = 0; i < text.length() && plain; i++) {
            char c = text.charAt(i);
            plain = c >= 0x20 && c < 0x7F;
        }
        if (plain) return text;
        StringBuilder sb = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            int type = Character.getType(cp);
            if (type == Character.FORMAT) continue;
            if (cp == '\n' || cp == '\r' || cp == '\t' || cp == 0x2028 || cp == 0x2029 || cp == 0x0B || cp == 0x0C) {
                if (!sb.isEmpty() && sb.charAt(sb.length() - 1) != ' ') sb.append(' ');
                continue;
            }
            if (cp < 0x20 || Character.isSurrogate((char) cp)) continue;
            sb.appendCodePoint(cp);
        }
        return NFKC.normalize(sb);
    }
}
