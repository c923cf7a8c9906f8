package org.staffroom.slack;

import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a person wrote in Slack, as plain text for the core: Slack's escapes undone ({@code &lt;}
 * → {@code <}), mentions as names ({@code <@U123>} → {@code @Ben Hughes}), channel links as
 * hashtags ({@code <#C1|kudos>} → {@code #kudos}, which is what the person typed) and links as
 * {@code label (url)}.
 */
final class SlackText {

    private static final Pattern TOKEN = Pattern.compile("<([^<>]*)>");

    private SlackText() {}

    /** {@code userName} turns a user id into a display name (e.g. from users.info). */
    static String toPlain(String slackText, Function<String, String> userName) {
        if (slackText == null || slackText.isEmpty()) return "";
        StringBuilder out = new StringBuilder();
        Matcher m = TOKEN.matcher(slackText);
        int last = 0;
        while (m.find()) {
            out.append(unescape(slackText.substring(last, m.start())));
            out.append(token(m.group(1), userName));
            last = m.end();
        }
        out.append(unescape(slackText.substring(last)));
        return out.toString();
    }

    private static String token(String content, Function<String, String> userName) {
        int bar = content.indexOf('|');
        String target = bar < 0 ? content : content.substring(0, bar);
        String label = bar < 0 ? null : unescape(content.substring(bar + 1));
        if (target.startsWith("@")) {
            String id = target.substring(1);
            String name = label != null && !label.isBlank() ? label : userName.apply(id);
            return "@" + strip(name, "@");
        }
        if (target.startsWith("#")) {
            return "#" + (label != null && !label.isBlank() ? strip(label, "#") : target.substring(1));
        }
        if (target.startsWith("!")) {
            String special = target.substring(1);
            if (special.equals("here") || special.equals("channel") || special.equals("everyone")) return "@" + special;
            if (special.startsWith("subteam^")) {
                return "@"
                        + strip(
                                label != null && !label.isBlank() ? label : special.substring("subteam^".length()),
                                "@");
            }
            return label != null ? label : special;
        }
        String url = unescape(target);
        if (label == null || label.isBlank())
            return url.startsWith("mailto:") ? url.substring("mailto:".length()) : url;
        // Slack links what was typed as x.org to <https://x.org|x.org>: give back what was typed.
        if (same(url, label)) return label;
        return label + " (" + url + ")";
    }

    /** Slack shows {@code <https://x.org|x.org>} for a link typed as x.org: one, not both. */
    private static boolean same(String url, String label) {
        String u = url.replaceFirst("^(https?://|mailto:)", "");
        String l = label.replaceFirst("^(https?://|mailto:)", "");
        return u.equals(l) || u.equals(l + "/");
    }

    private static String strip(String s, String prefix) {
        return s.startsWith(prefix) ? s.substring(prefix.length()) : s;
    }

    static String unescape(String s) {
        return s.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
    }
}
