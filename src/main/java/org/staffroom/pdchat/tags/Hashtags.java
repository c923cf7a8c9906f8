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
 */
public final class Hashtags {

    /** Longer tags are not indexed (they are rarely tags, and they make a poor index key). */
    public static final int MAX_LENGTH = 64;

    private static final Pattern URL = Pattern.compile("(?i)(?:\\b[a-z][a-z0-9+.-]*://|\\bwww\\.)\\S+");
    private static final Pattern EMAIL = Pattern.compile(
            "[\\p{L}\\p{M}\\p{N}._%+#&'*=?^{|}~-]+@[\\p{L}\\p{M}\\p{N}-]+(?:\\.[\\p{L}\\p{M}\\p{N}-]+)+");
    private static final Pattern TAG = Pattern.compile("#(\\p{L}[\\p{L}\\p{M}\\p{N}_]*)");
    private static final Pattern TYPED = Pattern.compile("#?(\\p{L}[\\p{L}\\p{M}\\p{N}_]*)");
    /** Characters that, right before '#', make it part of something else (a path, an entity, a mention). */
    private static final String NOT_BEFORE = "/&#@<=+~\\-.";

    private Hashtags() {
    }

    /** The tags in {@code text} as written (first spelling wins), without repeats, in order. */
    public static List<String> find(String text) {
        if (text == null || text.indexOf('#') < 0) return List.of();
        String masked = mask(text);
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
                // "#nwtchat.org" or "#nwtchat/page": a domain or a path, not a tag
                if ((after == '.' || after == '/') && end + 1 < masked.length()
                        && Character.isLetterOrDigit(masked.charAt(end + 1))) continue;
            }
            String tag = m.group();
            if (tag.length() > MAX_LENGTH + 1) continue;
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
        Matcher m = TYPED.matcher(t);
        if (!m.matches() || m.group(1).length() > MAX_LENGTH) return Optional.empty();
        return Optional.of("#" + m.group(1));
    }

    /** Blanks out links and e-mail addresses, keeping positions, so nothing inside them reads as a tag. */
    private static String mask(String text) {
        StringBuilder sb = new StringBuilder(text);
        for (Pattern p : List.of(URL, EMAIL)) {
            Matcher m = p.matcher(sb.toString());
            while (m.find()) {
                for (int i = m.start(); i < m.end(); i++) sb.setCharAt(i, ' ');
            }
        }
        return sb.toString();
    }
}
