package org.staffroom.slack;

import org.staffroom.chat.Rich;
import org.staffroom.config.Platform;

/**
 * Renders {@link Rich} text as Slack mrkdwn. Text people wrote (every plain span, and the words
 * inside bold, links and quotes) is escaped: {@code & < >} become entities, so {@code <!channel>}
 * or {@code <https://evil|x>} arrive as literal text; formatting characters at word edges get a
 * zero-width space so {@code *this*} stays as typed; and {@code @channel}, {@code @here},
 * {@code @everyone} get a word joiner so they can never turn into a ping (blocks are also sent
 * with {@code verbatim: true} and without {@code link_names}).
 */
final class SlackMrkdwn {

    static final char ZWSP = '\u200B';
    static final char WORD_JOINER = '\u2060';
    private static final String FORMATTING = "*_~`";

    private SlackMrkdwn() {}

    /** Slack's three escapes, for text inside and outside formatting. */
    static String escape(String s) {
        if (s == null) return "";
        StringBuilder out = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** User text, shown exactly as written: escaped, formatting neutralised, no broadcast pings. */
    static String plain(String s) {
        return noBroadcast(neutralise(escape(s)));
    }

    /** Rich text as mrkdwn: our own formatting rendered, every word a person wrote escaped. */
    static String render(Rich rich) {
        StringBuilder out = new StringBuilder();
        for (Rich.Span span : rich.spans()) {
            if (span instanceof Rich.Span.Plain p) {
                out.append(plain(p.text()));
            } else if (span instanceof Rich.Span.Bold b) {
                wrap(out, b.text(), '*');
            } else if (span instanceof Rich.Span.Italic i) {
                wrap(out, i.text(), '_');
            } else if (span instanceof Rich.Span.Code c) {
                String code = c.text() == null ? "" : c.text().replace('`', 'ˋ').replace("\n", " ");
                if (!code.isBlank()) out.append('`').append(escape(code)).append('`');
            } else if (span instanceof Rich.Span.Link l) {
                link(out, l);
            } else if (span instanceof Rich.Span.Mention m) {
                if (m.user() != null
                        && m.user().platform() == Platform.SLACK
                        && validId(m.user().id())) {
                    out.append("<@").append(m.user().id()).append('>');
                } else {
                    out.append(plain("@" + m.name()));
                }
            } else if (span instanceof Rich.Span.Quote q) {
                quote(out, q.text());
            }
        }
        return out.toString();
    }

    /** The whole message as plain text for the notification fallback ({@code text}). */
    static String fallback(String plainText) {
        return plain(plainText);
    }

    private static void wrap(StringBuilder out, String text, char marker) {
        if (text == null || text.isBlank()) {
            out.append(plain(text));
            return;
        }
        // Slack formats only when the markers touch the words: keep surrounding spaces outside.
        int start = 0;
        int end = text.length();
        while (start < end && Character.isWhitespace(text.charAt(start))) start++;
        while (end > start && Character.isWhitespace(text.charAt(end - 1))) end--;
        out.append(text, 0, start);
        String inner =
                noBroadcast(neutraliseAll(escape(text.substring(start, end)).replace("\n", " ")));
        out.append(marker).append(inner).append(marker);
        out.append(text, end, text.length());
    }

    private static void link(StringBuilder out, Rich.Span.Link l) {
        String label = l.label() == null || l.label().isBlank() ? l.url() : l.label();
        if (!l.safe()) {
            out.append(plain(label));
            if (l.url() != null && !l.url().equals(label)) out.append(plain(" (" + l.url() + ")"));
            return;
        }
        out.append('<')
                .append(url(l.url()))
                .append('|')
                .append(noBroadcast(
                        neutraliseAll(escape(label)).replace("|", "¦").replace("\n", " ")))
                .append('>');
    }

    /** Characters that would end or split Slack's {@code <url|label>} are percent-encoded. */
    private static String url(String url) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < url.length(); i++) {
            char c = url.charAt(i);
            switch (c) {
                case '|' -> out.append("%7C");
                case '<' -> out.append("%3C");
                case '>' -> out.append("%3E");
                case ' ' -> out.append("%20");
                case '&' -> out.append("&amp;");
                default -> {
                    if (!Character.isWhitespace(c)) out.append(c);
                }
            }
        }
        return out.toString();
    }

    private static void quote(StringBuilder out, String text) {
        if (text == null || text.isBlank()) return;
        if (out.length() > 0 && out.charAt(out.length() - 1) != '\n') out.append('\n');
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            out.append("> ").append(plain(lines[i]));
            if (i < lines.length - 1) out.append('\n');
        }
        out.append('\n');
    }

    /**
     * A formatting character at the edge of a word could open or close bold, italics, strike or
     * code; a zero-width space on each side stops it. Inside a word (snake_case) Slack does not
     * format, so those are left alone and copy-paste of names and URLs still works.
     */
    static String neutralise(String s) {
        StringBuilder out = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (FORMATTING.indexOf(c) >= 0) {
                boolean wordBefore = i > 0 && Character.isLetterOrDigit(s.charAt(i - 1));
                boolean wordAfter = i + 1 < s.length() && Character.isLetterOrDigit(s.charAt(i + 1));
                if (!(wordBefore && wordAfter)) {
                    out.append(ZWSP).append(c).append(ZWSP);
                    continue;
                }
            }
            out.append(c);
        }
        return out.toString();
    }

    /** Inside our own formatting every marker character must be inert. */
    private static String neutraliseAll(String s) {
        StringBuilder out = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (FORMATTING.indexOf(c) >= 0) {
                out.append(ZWSP).append(c).append(ZWSP);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** {@code @channel} → {@code @⁠channel}: looks the same, never notifies anyone. */
    static String noBroadcast(String s) {
        if (s.indexOf('@') < 0) return s;
        StringBuilder out = new StringBuilder(s.length() + 4);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            out.append(c);
            if (c == '@'
                    && (startsWithWord(s, i + 1, "channel")
                            || startsWithWord(s, i + 1, "here")
                            || startsWithWord(s, i + 1, "everyone"))) {
                out.append(WORD_JOINER);
            }
        }
        return out.toString();
    }

    private static boolean startsWithWord(String s, int from, String word) {
        return s.regionMatches(true, from, word, 0, word.length());
    }

    private static boolean validId(String id) {
        return id != null && id.matches("[UW][A-Z0-9]{2,}");
    }
}
