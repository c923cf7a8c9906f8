package org.staffroom.drafts;

import com.ibm.icu.lang.UCharacter;
import com.ibm.icu.text.Normalizer2;
import com.ibm.icu.text.SpoofChecker;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a text the way a person reads names in it, whatever the typing: Unicode NFKC (full-width
 * and "bold" mathematical letters become plain ones), format characters (zero-width space, soft
 * hyphen, joiners) removed, look-alike letters folded with ICU's confusables skeleton (a Cyrillic
 * "о" reads as "o", a Cyrillic "Н" as "H"), case and accents folded, apostrophes dropped inside a word (O'Brien = OBrien),
 * a possessive 's dropped, and CamelCase split (#ZoeAdebayo, @ZoeAdebayo, ZoeAdebayo.jpg read as
 * "Zoe Adebayo"). Each word keeps where it sits in the original text, how it was capitalised, and
 * what separates it from the word before, so the matcher can tell "Zoe A." (an initial) from
 * "Zoe. A fantastic…" (a new sentence). One pass over the text: linear in its length.
 */
final class NameText {

    private NameText() {}

    /** How a word was written. */
    enum Case {
        LOWER,
        UPPER,
        TITLE,
        OTHER
    }

    /** What stands between a word and the one before it. */
    enum Gap {
        /** Nothing (a CamelCase split), or only hyphens, underscores, dots inside a word, apostrophes. */
        JOIN,
        /** Spaces and line breaks, possibly with a dash. */
        SPACE,
        /** A full stop and spaces after a one-letter word: "Z. Adebayo", "Zoe A. …". */
        INITIAL_STOP,
        /** A comma: only a register-style "ADEBAYO, Zoe" is read across it. */
        COMMA,
        /** Anything else: a sentence end, brackets, quotes… Names are not matched across it. */
        BREAK
    }

    /**
     * A word: its matching key, where it is in the original text, how it was written, the gap
     * before it, whether a full stop follows it directly, whether it starts a sentence, and
     * whether it came from a hashtag or handle.
     */
    record Word(
            String key,
            int start,
            int end,
            Case written,
            Gap before,
            boolean stopAfter,
            boolean sentenceStart,
            boolean tag) {

        boolean singleLetter() {
            return key.length() == 1 && Character.isLetter(key.charAt(0));
        }
    }

    private static final Normalizer2 NFKC = Normalizer2.getNFKCInstance();
    private static final Normalizer2 NFD = Normalizer2.getNFDInstance();
    private static final SpoofChecker SPOOF = new SpoofChecker.Builder().build();
    private static final int CACHE_LIMIT = 20_000;
    private static final Map<String, String> KEYS = new java.util.concurrent.ConcurrentHashMap<>();

    /** The words of a text. */
    static List<Word> words(String original) {
        if (original == null || original.isEmpty()) return List.of();
        Clean c = clean(original);
        return split(c, original);
    }

    /** The matching keys of a name or phrase, in order ("Smith-Jones" gives two). */
    static List<String> keys(String text) {
        return words(text).stream().map(Word::key).toList();
    }

    /**
     * The matching key of one word: lower case, no accents, a few letters spelled out, then the
     * confusables skeleton (so "rn" and "m", "0" and "o" compare equal; both sides are folded the
     * same way, so this only ever widens a match).
     */
    static String key(String word) {
        String cached = KEYS.get(word);
        if (cached != null) return cached;
        boolean letters = word.chars().anyMatch(Character::isLetter);
        StringBuilder sb = new StringBuilder(word.length());
        String d = NFD.normalize(word);
        for (int i = 0; i < d.length(); ) {
            int cp = d.codePointAt(i);
            i += Character.charCount(cp);
            if (cp < 0x80) {
                // Digits inside a word are read as the letters they stand in for (Z0e); ASCII letters are
                // never skeletonised, so "m" stays "m" and an initial stays one letter.
                if (letters && cp == '0') sb.append('o');
                else if (letters && cp == '1') sb.append('l');
                else sb.append(Character.toLowerCase((char) cp));
                continue;
            }
            int type = Character.getType(cp);
            if (type == Character.NON_SPACING_MARK
                    || type == Character.COMBINING_SPACING_MARK
                    || type == Character.ENCLOSING_MARK
                    || type == Character.FORMAT) continue;
            // A letter from another script, in its own case (Cyrillic "Н" looks like "H", "н" does not).
            sb.append(fold(SPOOF.getSkeleton(new String(Character.toChars(cp)))));
        }
        String k = fold(sb.toString());
        if (KEYS.size() > CACHE_LIMIT) KEYS.clear();
        KEYS.put(word, k);
        return k;
    }

    /** Lower case without accents; letters that do not decompose are spelled out. */
    static String fold(String s) {
        String lower = UCharacter.foldCase(s, true);
        String d = NFD.normalize(lower);
        StringBuilder sb = new StringBuilder(d.length());
        for (int i = 0; i < d.length(); ) {
            int cp = d.codePointAt(i);
            i += Character.charCount(cp);
            int type = Character.getType(cp);
            if (type == Character.NON_SPACING_MARK
                    || type == Character.COMBINING_SPACING_MARK
                    || type == Character.ENCLOSING_MARK
                    || type == Character.FORMAT) continue;
            switch (cp) {
                case 'æ' -> sb.append("ae");
                case 'œ' -> sb.append("oe");
                case 'ø' -> sb.append('o');
                case 'ł' -> sb.append('l');
                case 'đ', 'ð' -> sb.append('d');
                case 'þ' -> sb.append("th");
                case 'ı' -> sb.append('i');
                default -> sb.appendCodePoint(cp);
            }
        }
        return sb.toString().toLowerCase(Locale.ROOT);
    }

    // ------------------------------------------------------------------ cleaning

    /** The text after NFKC with format characters removed, and for each char where it came from. */
    private record Clean(String text, int[] from) {}

    private static Clean clean(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        int[] from = new int[s.length() * 2 + 8];
        int n = 0;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            int len = Character.charCount(cp);
            String mapped;
            if (cp < 0x80) {
                mapped = null;
            } else if (Character.getType(cp) == Character.FORMAT || (cp >= 0xFE00 && cp <= 0xFE0F)) {
                i += len; // zero-width space, soft hyphen, joiners, variation selectors: invisible
                continue;
            } else if (Character.isSurrogate((char) cp)) {
                mapped = " "; // a lone surrogate
            } else {
                mapped = NFKC.normalize(new String(Character.toChars(cp)));
            }
            if (mapped == null) {
                if (n + 1 >= from.length) from = java.util.Arrays.copyOf(from, from.length * 2);
                sb.append((char) cp);
                from[n++] = i;
            } else {
                for (int k = 0; k < mapped.length(); k++) {
                    if (n + 1 >= from.length) from = java.util.Arrays.copyOf(from, from.length * 2);
                    sb.append(mapped.charAt(k));
                    from[n++] = i;
                }
            }
            i += len;
        }
        if (n + 1 >= from.length) from = java.util.Arrays.copyOf(from, from.length + 2);
        from[n] = s.length();
        return new Clean(sb.toString(), from);
    }

    // ------------------------------------------------------------------ splitting

    private static List<Word> split(Clean c, String original) {
        String t = c.text();
        int n = t.length();
        List<Word> out = new ArrayList<>();
        Map<String, String> local = new HashMap<>();
        int i = 0;
        int prevEnd = -1;
        boolean inTag = false;
        while (i < n) {
            int cp = t.codePointAt(i);
            if (!wordChar(cp)) {
                if ((cp == '#' || cp == '@') && i + 1 < n && wordChar(t.codePointAt(i + 1))) inTag = true;
                else if (!joinChar(cp)) inTag = false;
                i += Character.charCount(cp);
                continue;
            }
            // A run of word characters, apostrophes joining letters (O'Connor); a possessive 's ends it.
            int start = i;
            StringBuilder raw = new StringBuilder();
            List<Integer> rawAt = new ArrayList<>();
            while (i < n) {
                cp = t.codePointAt(i);
                if (wordChar(cp)) {
                    raw.appendCodePoint(cp);
                    for (int k = 0; k < Character.charCount(cp); k++) rawAt.add(i + k);
                    i += Character.charCount(cp);
                } else if (apostrophe(cp) && i + 1 < n && Character.isLetter(t.codePointAt(i + 1)) && !raw.isEmpty()) {
                    int next = i + 1;
                    char s = t.charAt(next);
                    boolean possessive =
                            (s == 's' || s == 'S') && (next + 1 >= n || !wordChar(t.codePointAt(next + 1)));
                    if (possessive) {
                        i = next + 1;
                        break;
                    }
                    i = next;
                } else {
                    break;
                }
            }
            // CamelCase and letter/digit boundaries split the run into words.
            int from = 0;
            for (int k = 1; k <= raw.length(); k++) {
                if (k < raw.length() && !boundary(raw, k)) continue;
                String part = raw.substring(from, k);
                int ps = rawAt.get(from);
                int pe = rawAt.get(k - 1) + 1;
                String key = local.computeIfAbsent(part, NameText::key);
                if (!key.isEmpty()) {
                    Gap gap = from > 0 ? Gap.JOIN : gap(t, prevEnd, ps, out);
                    boolean stop = k == raw.length() && pe < n && t.charAt(pe) == '.';
                    boolean sentence = from == 0 && sentenceStart(t, ps);
                    out.add(new Word(key, c.from()[ps], c.from()[pe], written(part), gap, stop, sentence, inTag));
                }
                from = k;
            }
            prevEnd = i;
        }
        return out;
    }

    /** Where a run splits: lower→Upper (ZoeAdebayo), UPPER→Upper+lower (ZOEAdebayo), letter↔digit (Zoe2026). */
    private static boolean boundary(CharSequence s, int k) {
        char a = s.charAt(k - 1);
        char b = s.charAt(k);
        if (Character.isLowSurrogate(b)) return false;
        if (Character.isLetter(a) != Character.isLetter(b)
                && Character.isLetterOrDigit(a)
                && Character.isLetterOrDigit(b)) {
            // A 0 or 1 between letters stands in for a letter ("Z0e", "L1ly"): not a boundary.
            boolean lookalike = (b == '0' || b == '1')
                    ? k + 1 == s.length() || Character.isLetter(s.charAt(k + 1))
                    : (a == '0' || a == '1') && (k == 1 || Character.isLetter(s.charAt(k - 2)));
            return !lookalike;
        }
        if (Character.isLowerCase(a) && Character.isUpperCase(b)) return true;
        return Character.isUpperCase(a)
                && Character.isUpperCase(b)
                && k + 1 < s.length()
                && Character.isLowerCase(s.charAt(k + 1));
    }

    private static Gap gap(String t, int prevEnd, int start, List<Word> out) {
        if (prevEnd < 0 || out.isEmpty()) return Gap.BREAK;
        boolean space = false;
        boolean stop = false;
        boolean other = false;
        boolean dash = false;
        int commas = 0;
        for (int k = prevEnd; k < start; k++) {
            char ch = t.charAt(k);
            if (Character.isWhitespace(ch) || Character.isSpaceChar(ch)) space = true;
            else if (ch == '-' || ch == '‐' || ch == '‑' || ch == '_' || apostrophe(ch)) dash = true;
            else if (ch == '.') stop = true;
            else if (ch == ',') commas++;
            else other = true;
        }
        if (other || (commas > 0 && (stop || dash))) return Gap.BREAK;
        if (commas == 1) return Gap.COMMA;
        if (commas > 1) return Gap.BREAK;
        Word prev = out.get(out.size() - 1);
        if (stop) {
            if (!space && !dash) return Gap.JOIN; // Zoe.Adebayo in a file name or handle
            return prev.singleLetter() ? Gap.INITIAL_STOP : Gap.BREAK;
        }
        return space ? Gap.SPACE : Gap.JOIN;
    }

    private static boolean sentenceStart(String t, int at) {
        int k = at - 1;
        while (k >= 0
                && (t.charAt(k) == ' '
                        || t.charAt(k) == '\t'
                        || t.charAt(k) == '"'
                        || t.charAt(k) == '“'
                        || t.charAt(k) == '\''
                        || t.charAt(k) == '‘'
                        || t.charAt(k) == '('
                        || t.charAt(k) == '¡'
                        || t.charAt(k) == '¿')) k--;
        if (k < 0) return true;
        char ch = t.charAt(k);
        return ch == '.' || ch == '!' || ch == '?' || ch == '\n' || ch == '\r' || ch == ':' || ch == '•' || ch == '-';
    }

    private static Case written(String s) {
        boolean upper = false;
        boolean lower = false;
        for (int k = 0; k < s.length(); k++) {
            char ch = s.charAt(k);
            if (Character.isUpperCase(ch) || Character.isTitleCase(ch)) upper = true;
            else if (Character.isLowerCase(ch)) lower = true;
        }
        char first = s.charAt(0);
        boolean firstUpper = Character.isUpperCase(first) || Character.isTitleCase(first);
        if (!upper) return lower ? Case.LOWER : Case.OTHER;
        if (!lower) return s.length() == 1 ? Case.TITLE : Case.UPPER;
        return firstUpper ? Case.TITLE : Case.OTHER;
    }

    static boolean wordChar(int cp) {
        if (Character.isLetterOrDigit(cp)) return true;
        int type = Character.getType(cp);
        return type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK;
    }

    private static boolean joinChar(int cp) {
        return cp == '_' || cp == '.' || cp == '-';
    }

    static boolean apostrophe(int cp) {
        return cp == '\'' || cp == '’' || cp == '‘' || cp == 'ʼ' || cp == '`' || cp == '´' || cp == '′';
    }
}
