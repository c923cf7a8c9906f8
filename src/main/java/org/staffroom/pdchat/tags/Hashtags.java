package org.staffroom.pdchat.tags;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds hashtags in what people type, the way a reader would: a whole tag ({@code #NWTchat} is not
 * in {@code #NWTchat2}), compared without case, and never a piece of a link or an e-mail address
 * ({@code https://example.org/page#nwtchat}, {@code ben#nwtchat@school.org}). Tags are letters
 * (any script), digits and underscores, starting with a letter.
 *
 * <p>The scan is hand-written and linear in the text's length: links and addresses were found with
 * regular expressions ({@code \b[a-z][a-z0-9+.-]*://\S+} and {@code [...]+@[...]+(\.[...]+)+}) whose
 * search tries every start position and re-reads the rest of a long word from each, which took
 * 30 s on a 40,000-character word and held up every message behind it. The scanner keeps their
 * meaning (see {@code HashtagsTest}, which checks it against those expressions) and reads each
 * character a bounded number of times.
 */
public final class Hashtags {

    /** Longer tags are not indexed (they are rarely tags, and they make a poor index key). */
    public static final int MAX_LENGTH = 64;

    private static final Pattern TYPED = Pattern.compile("#?(\\p{L}[\\p{L}\\p{M}\\p{N}_]*)");
    /** Characters that, right before '#', make it part of something else (a path, an entity, a mention). */
    private static final String NOT_BEFORE = "/&#@<=+~\\-.";
    /** Besides letters, marks and digits, what may stand before the '@' of an e-mail address. */
    private static final String LOCAL_EXTRA = "._%+#&'*=?^{|}~-";

    private Hashtags() {}

    /** The tags in {@code text} as written (first spelling wins), without repeats, in order. */
    public static List<String> find(String text) {
        if (text == null || text.indexOf('#') < 0) return List.of();
        char[] masked = text.toCharArray();
        maskLinks(masked);
        maskAddresses(masked);
        Map<String, String> found = new LinkedHashMap<>();
        int n = masked.length;
        int i = 0;
        while (i < n) {
            if (masked[i] != '#' || i + 1 >= n || !Character.isLetter(Character.codePointAt(masked, i + 1))) {
                i++;
                continue;
            }
            int start = i;
            int end = i + 1 + Character.charCount(Character.codePointAt(masked, i + 1));
            while (end < n) {
                int cp = Character.codePointAt(masked, end);
                if (!(isLetterMarkOrNumber(cp) || cp == '_')) break;
                end += Character.charCount(cp);
            }
            i = end;
            if (start > 0) {
                char before = masked[start - 1];
                if (Character.isLetterOrDigit(before) || before == '_' || NOT_BEFORE.indexOf(before) >= 0) continue;
            }
            if (end < n) {
                char after = masked[end];
                if (after == '@') continue;
                // "#nwtchat.org" or "#nwtchat/page": a domain or a path, not a tag
                if ((after == '.' || after == '/') && end + 1 < n && Character.isLetterOrDigit(masked[end + 1]))
                    continue;
            }
            if (end - start > MAX_LENGTH + 1) continue;
            String tag = new String(masked, start, end - start);
            found.putIfAbsent(key(tag), tag);
        }
        return new ArrayList<>(found.values());
    }

    /** True if {@code text} carries {@code tag} as a whole tag, in any case. */
    public static boolean carries(String text, String tag) {
        String wanted = key(tag);
        return find(text).stream().anyMatch(t -> key(t).equals(wanted));
    }

    /** The form tags are stored and compared in: lower case, with its '#'. */
    public static String key(String tag) {
        String t = tag.startsWith("#") ? tag : "#" + tag;
        return t.toLowerCase(Locale.ROOT);
    }

    /** A tag someone typed as a command argument ("#phonics" or "phonics"), if it is one. */
    public static Optional<String> parse(String typed) {
        if (typed == null) return Optional.empty();
        String t = typed.trim();
        if (t.length() > MAX_LENGTH + 1) return Optional.empty();
        Matcher m = TYPED.matcher(t);
        if (!m.matches() || m.group(1).length() > MAX_LENGTH) return Optional.empty();
        return Optional.of("#" + m.group(1));
    }

    /**
     * Blanks out links: from a scheme ({@code https://}, {@code ftp://}: a letter at a word boundary,
     * then letters, digits, {@code + . -}) or a {@code www.} at a word boundary, to the next white space.
     * One pass per word; the link that starts first in a word runs to its end.
     */
    private static void maskLinks(char[] s) {
        int n = s.length;
        int word = 0;
        while (word < n) {
            while (word < n && isSpace(s[word])) word++;
            int end = word;
            while (end < n && !isSpace(s[end])) end++;
            int link = -1;
            int scheme = -1; // where a scheme could start in the run of scheme characters just read
            boolean inRun = false;
            for (int j = word; j < end; j++) {
                char c = s[j];
                if (c == ':' && inRun && scheme >= 0 && j + 3 < end && s[j + 1] == '/' && s[j + 2] == '/') {
                    link = link < 0 ? scheme : Math.min(link, scheme);
                }
                if ((c == 'w' || c == 'W') && j + 4 < end && regionIsWww(s, j) && boundaryBefore(s, j)) {
                    link = link < 0 ? j : Math.min(link, j);
                }
                if (isSchemeChar(c)) {
                    if (!inRun) {
                        inRun = true;
                        scheme = -1;
                    }
                    if (scheme < 0 && isAsciiLetter(c) && boundaryBefore(s, j)) scheme = j;
                } else {
                    inRun = false;
                }
            }
            if (link >= 0) {
                for (int j = link; j < end; j++) s[j] = ' ';
            }
            word = end;
        }
    }

    /**
     * Blanks out e-mail addresses: letters, marks, digits or {@code ._%+#&'*=?^{|}~-} before an '@',
     * then a domain of at least two dot-separated parts. Each '@' looks back only as far as the one
     * before it (an '@' ends both parts) and forward only to the next, so the text is read about twice.
     */
    private static void maskAddresses(char[] s) {
        int n = s.length;
        int lastEnd = 0;
        for (int at = 0; at < n; at++) {
            if (s[at] != '@' || at < lastEnd) continue;
            int start = at;
            while (start > lastEnd) {
                int cp = Character.codePointBefore(s, start);
                if (!(isLetterMarkOrNumber(cp) || (cp < 128 && LOCAL_EXTRA.indexOf(cp) >= 0))) break;
                start -= Character.charCount(cp);
            }
            if (start == at) continue;
            int end = domainPart(s, at + 1);
            if (end == at + 1) continue;
            int parts = 1;
            while (end < n && s[end] == '.') {
                int next = domainPart(s, end + 1);
                if (next == end + 1) break;
                end = next;
                parts++;
            }
            if (parts < 2) continue;
            for (int j = start; j < end; j++) s[j] = ' ';
            lastEnd = end;
            at = end - 1;
        }
    }

    /** The end of the letters, marks, digits and hyphens from {@code from}. */
    private static int domainPart(char[] s, int from) {
        int i = from;
        while (i < s.length) {
            int cp = Character.codePointAt(s, i);
            if (!(isLetterMarkOrNumber(cp) || cp == '-')) break;
            i += Character.charCount(cp);
        }
        return i;
    }

    private static boolean regionIsWww(char[] s, int j) {
        return (s[j + 1] == 'w' || s[j + 1] == 'W') && (s[j + 2] == 'w' || s[j + 2] == 'W') && s[j + 3] == '.';
    }

    /**
     * A word boundary before {@code j}, which holds a word character: the start, or a non-word character
     * before it. As in {@code java.util.regex}, an accent on a letter or digit belongs to its word.
     */
    private static boolean boundaryBefore(char[] s, int j) {
        if (j == 0) return true;
        int before = Character.codePointBefore(s, j);
        if (Character.isLetterOrDigit(before) || before == '_') return false;
        for (int x = j; x > 0; ) {
            int b = Character.codePointBefore(s, x);
            if (Character.getType(b) != Character.NON_SPACING_MARK) return !Character.isLetterOrDigit(b);
            x -= Character.charCount(b);
        }
        return true;
    }

    private static boolean isSchemeChar(char c) {
        return isAsciiLetter(c) || (c >= '0' && c <= '9') || c == '+' || c == '.' || c == '-';
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    /** What a regular expression's {@code \s} is: ASCII white space only. */
    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
    }

    private static boolean isLetterMarkOrNumber(int cp) {
        if (Character.isLetter(cp)) return true;
        int type = Character.getType(cp);
        return type == Character.NON_SPACING_MARK
                || type == Character.ENCLOSING_MARK
                || type == Character.COMBINING_SPACING_MARK
                || type == Character.DECIMAL_DIGIT_NUMBER
                || type == Character.LETTER_NUMBER
                || type == Character.OTHER_NUMBER;
    }
}
