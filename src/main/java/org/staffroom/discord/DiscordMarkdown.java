package org.staffroom.discord;

import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.staffroom.chat.Rich;
import org.staffroom.config.Platform;

/**
 * Renders {@link Rich} text as Discord markdown. Plain spans are what people wrote, so they are
 * shown literally: every markdown character is escaped with a backslash (Discord's own escape),
 * line-start syntax (quotes, headings, lists) is neutralised, and {@code @everyone}, {@code @here}
 * and {@code <@…>}, {@code <@&…>}, {@code <#…>} get a zero-width space so they can never ping or
 * pass for a mention, whatever {@code allowed_mentions} says. Links stay clickable; with unfurling
 * off they are wrapped in {@code <…>}, which stops Discord's preview.
 */
final class DiscordMarkdown {

    static final char ZWSP = '\u200B';

    private static final Pattern URL = Pattern.compile("https?://[^\\s<>]+", Pattern.CASE_INSENSITIVE);
    private static final Pattern MASS_MENTION = Pattern.compile("@(everyone|here)", Pattern.CASE_INSENSITIVE);
    private static final String INLINE_SPECIAL = "\\*_~`|[]";

    private DiscordMarkdown() {}

    /** {@code rich} as Discord markdown; Discord users mentioned with {@link Rich#mention} are added to {@code pinged}. */
    static String render(Rich rich, boolean unfurl, Set<String> pinged) {
        StringBuilder out = new StringBuilder();
        var spans = rich.spans();
        for (int i = 0; i < spans.size(); i++) {
            Rich.Span span = spans.get(i);
            boolean lineStart = out.length() == 0 || out.charAt(out.length() - 1) == '\n';
            if (span instanceof Rich.Span.Plain p) {
                out.append(escape(p.text(), lineStart, unfurl));
            } else if (span instanceof Rich.Span.Bold b) {
                wrap(out, b.text(), "**", lineStart, unfurl);
            } else if (span instanceof Rich.Span.Italic it) {
                wrap(out, it.text(), "*", lineStart, unfurl);
            } else if (span instanceof Rich.Span.Code c) {
                out.append(code(c.text()));
            } else if (span instanceof Rich.Span.Link l) {
                out.append(link(l, lineStart, unfurl));
            } else if (span instanceof Rich.Span.Mention m) {
                if (m.user() != null
                        && m.user().platform() == Platform.DISCORD
                        && m.user().id().matches("\\d{1,20}")) {
                    out.append("<@").append(m.user().id()).append('>');
                    pinged.add(m.user().id());
                } else {
                    out.append('@').append(escape(m.name() == null ? "" : m.name(), false, unfurl));
                }
            } else if (span instanceof Rich.Span.Quote q) {
                if (!lineStart) out.append('\n');
                String[] lines = q.text().split("\n", -1);
                for (int l = 0; l < lines.length; l++) {
                    if (l > 0) out.append('\n');
                    // Line syntax still counts after "> " (a heading or list inside the quote).
                    out.append("> ").append(escape(lines[l], true, unfurl));
                }
                if (i + 1 < spans.size() && !spans.get(i + 1).text().startsWith("\n")) out.append('\n');
            }
        }
        return out.toString();
    }

    /** Plain text shown exactly as written. {@code lineStart}: the text begins a line. */
    static String escape(String text, boolean lineStart, boolean unfurl) {
        if (text == null || text.isEmpty()) return "";
        StringBuilder out = new StringBuilder(text.length() + 16);
        Matcher url = URL.matcher(text);
        int at = 0;
        while (url.find()) {
            String found = trimTrailingPunctuation(url.group());
            int end = url.start() + found.length();
            escapeWords(text.substring(at, url.start()), lineStart && at == 0, out);
            // A URL is left as written (escapes inside it would break it); it cannot ping.
            out.append(unfurl ? found : "<" + found + ">");
            at = end;
            lineStart = false;
        }
        escapeWords(text.substring(at), lineStart && at == 0, out);
        return out.toString();
    }

    private static void escapeWords(String text, boolean lineStart, StringBuilder out) {
        boolean atLineStart = lineStart;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (atLineStart) {
                if (c == ' ' || c == '\t') {
                    out.append(c);
                    continue;
                }
                atLineStart = false;
                // Block syntax that only counts at the start of a line: quotes, headings, subtext, lists.
                if (c == '>' || c == '#' || c == '-' || c == '+') {
                    out.append('\\').append(c);
                    continue;
                }
                if (Character.isDigit(c)) {
                    int j = i;
                    while (j < text.length() && Character.isDigit(text.charAt(j))) j++;
                    if (j < text.length() && (text.charAt(j) == '.' || text.charAt(j) == ')')) {
                        out.append(text, i, j).append('\\').append(text.charAt(j));
                        i = j;
                        continue;
                    }
                }
            }
            if (c == '\n') {
                out.append(c);
                atLineStart = true;
            } else if (INLINE_SPECIAL.indexOf(c) >= 0) {
                out.append('\\').append(c);
            } else if (c == '<' && i + 1 < text.length() && "@#:/at".indexOf(text.charAt(i + 1)) >= 0) {
                out.append(c).append(ZWSP);
            } else if (c == '@'
                    && MASS_MENTION.matcher(text).region(i, text.length()).lookingAt()) {
                out.append(c).append(ZWSP);
            } else {
                out.append(c);
            }
        }
    }

    private static void wrap(StringBuilder out, String text, String marker, boolean lineStart, boolean unfurl) {
        if (text == null || text.isBlank()) {
            out.append(escape(text, lineStart, unfurl));
            return;
        }
        // Emphasis must hug its words: keep surrounding spaces outside the markers.
        int start = 0;
        int end = text.length();
        while (start < end && Character.isWhitespace(text.charAt(start))) start++;
        while (end > start && Character.isWhitespace(text.charAt(end - 1))) end--;
        out.append(text, 0, start)
                .append(marker)
                .append(escape(text.substring(start, end), false, unfurl))
                .append(marker)
                .append(text.substring(end));
    }

    private static String code(String text) {
        if (text == null || text.isEmpty()) return "";
        // Nothing inside code is markdown; mentions still get the zero-width space.
        String safe = neutraliseMentions(text.replace("``", "ˋˋ"));
        return safe.contains("`") ? "`` " + safe + " ``" : "`" + safe + "`";
    }

    private static String link(Rich.Span.Link link, boolean lineStart, boolean unfurl) {
        String label = link.label() == null || link.label().isBlank() ? null : link.label();
        if (!link.safe()) {
            return escape(label != null ? label : link.url() == null ? "" : link.url(), lineStart, unfurl);
        }
        String url = link.url()
                .replace(" ", "%20")
                .replace("(", "%28")
                .replace(")", "%29")
                .replace("<", "%3C")
                .replace(">", "%3E");
        String target = unfurl ? url : "<" + url + ">";
        if (label == null) return target;
        // escape() already turns [ and ] into \[ and \], so the label cannot close the link early.
        String shown = escape(label, false, true);
        return "[" + shown + "](" + target + ")";
    }

    static String neutraliseMentions(String text) {
        StringBuilder out = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            out.append(c);
            if (c == '<' && i + 1 < text.length() && "@#".indexOf(text.charAt(i + 1)) >= 0) {
                out.append(ZWSP);
            } else if (c == '@'
                    && MASS_MENTION.matcher(text).region(i, text.length()).lookingAt()) {
                out.append(ZWSP);
            }
        }
        return out.toString();
    }

    /** Plain text without markdown for places Discord shows literally (embed footers, labels, titles). */
    static String plainLabel(String text, int max) {
        return truncate(neutraliseMentions(text == null ? "" : text.replace('\n', ' ')), max);
    }

    /** At most {@code max} characters, ending with … when cut (never inside a surrogate pair). */
    static String truncate(String text, int max) {
        if (text == null) return "";
        if (text.length() <= max) return text;
        int cut = max - 1;
        if (Character.isHighSurrogate(text.charAt(cut - 1))) cut--;
        return text.substring(0, cut) + "…";
    }

    private static String trimTrailingPunctuation(String url) {
        int end = url.length();
        while (end > 0 && ".,;:!?)]}'\"".indexOf(url.charAt(end - 1)) >= 0) {
            if (url.charAt(end - 1) == ')' && url.substring(0, end).contains("(")) break;
            end--;
        }
        return url.substring(0, end);
    }
}
