package org.staffroom.drafts;

/**
 * Text with the characters XML 1.0 forbids taken out: C0 controls other than tab, line feed and
 * carriage return (U+0000–U+0008, U+000B, U+000C, U+000E–U+001F), U+FFFE, U+FFFF and unpaired
 * surrogates. One such character in one post would make the RSS feed unreadable for every reader,
 * so drafts are cleaned when they come in and the feeds clean again on the way out.
 */
public final class XmlText {

    private XmlText() {}

    /** {@code text} without the characters XML forbids; the same string when there are none. */
    public static String strip(String text) {
        if (text == null) return null;
        int n = text.length();
        int i = 0;
        while (i < n && allowed(text, i)) i += Character.isHighSurrogate(text.charAt(i)) ? 2 : 1;
        if (i >= n) return text;
        StringBuilder sb = new StringBuilder(n);
        sb.append(text, 0, i);
        while (i < n) {
            char c = text.charAt(i);
            boolean pair = Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1));
            if (pair) {
                sb.append(c).append(text.charAt(i + 1));
                i += 2;
                continue;
            }
            if (allowed(text, i)) sb.append(c);
            i++;
        }
        return sb.toString();
    }

    private static boolean allowed(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        if (Character.isLowSurrogate(c)) return false;
        if (c < 0x20) return c == '\t' || c == '\n' || c == '\r';
        return c != 0xFFFE && c != 0xFFFF;
    }
}
