package org.staffroom.slack;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Slack's emoji names and the Unicode emoji the core speaks (✅ rather than white_check_mark), for
 * the common ones. Others travel as {@code :name:} both ways; skin tones are dropped, so 👍 in any
 * tone is one vote.
 */
final class SlackEmoji {

    private static final Map<String, String> BY_NAME = new LinkedHashMap<>();
    private static final Map<String, String> BY_EMOJI = new HashMap<>();

    static {
        add("white_check_mark", "✅");
        add("heavy_check_mark", "✔️");
        add("ballot_box_with_check", "☑️");
        add("x", "❌");
        add("negative_squared_cross_mark", "❎");
        add("pencil2", "✏️");
        add("memo", "📝");
        alias("pencil", "📝");
        add("+1", "👍");
        alias("thumbsup", "👍");
        add("-1", "👎");
        alias("thumbsdown", "👎");
        add("heart", "❤️");
        add("tada", "🎉");
        add("eyes", "👀");
        add("raised_hands", "🙌");
        add("clap", "👏");
        add("pray", "🙏");
        add("star", "⭐");
        add("star2", "🌟");
        add("sparkles", "✨");
        add("fire", "🔥");
        add("rocket", "🚀");
        add("bulb", "💡");
        add("question", "❓");
        add("exclamation", "❗");
        add("warning", "⚠️");
        add("no_entry_sign", "🚫");
        add("hourglass_flowing_sand", "⏳");
        add("smile", "😄");
        add("slightly_smiling_face", "🙂");
        add("grinning", "😀");
        add("joy", "😂");
        add("heart_eyes", "😍");
        add("thinking_face", "🤔");
        add("hugging_face", "🤗");
        add("partying_face", "🥳");
        add("wave", "👋");
        add("ok_hand", "👌");
        add("muscle", "💪");
        add("100", "💯");
        add("trophy", "🏆");
        add("books", "📚");
        add("book", "📖");
        add("apple", "🍎");
        add("school", "🏫");
        add("speech_balloon", "💬");
        add("pushpin", "📌");
        add("calendar", "📅");
        add("camera", "📷");
        add("link", "🔗");
        add("bell", "🔔");
        add("mega", "📣");
        add("seedling", "🌱");
        add("sunny", "☀️");
        add("coffee", "☕");
        add("cake", "🍰");
        add("blue_heart", "💙");
        add("green_heart", "💚");
        add("yellow_heart", "💛");
        add("purple_heart", "💜");
        add("large_green_circle", "🟢");
        add("red_circle", "🔴");
    }

    private SlackEmoji() {}

    private static void add(String name, String emoji) {
        BY_NAME.put(name, emoji);
        BY_EMOJI.put(bare(emoji), name);
    }

    private static void alias(String name, String emoji) {
        BY_NAME.put(name, emoji);
    }

    /** Without the emoji-presentation selector, so ❤ and ❤️ are the same. */
    private static String bare(String emoji) {
        return emoji.replace("\uFE0F", "");
    }

    /** {@code white_check_mark} → ✅; {@code +1::skin-tone-3} → 👍; unknown {@code name} → {@code :name:}. */
    static String toUnicode(String slackName) {
        String name = slackName.trim();
        int tone = name.indexOf("::skin-tone-");
        if (tone > 0) name = name.substring(0, tone);
        if (name.startsWith(":")) name = name.substring(1);
        if (name.endsWith(":")) name = name.substring(0, name.length() - 1);
        String emoji = BY_NAME.get(name);
        return emoji != null ? emoji : ":" + name + ":";
    }

    /** ✅ → {@code white_check_mark}; {@code :name:} → {@code name}; empty if Slack has no name we know. */
    static Optional<String> toName(String emoji) {
        if (emoji == null || emoji.isBlank()) return Optional.empty();
        String e = emoji.trim();
        if (e.length() > 2 && e.startsWith(":") && e.endsWith(":")) return Optional.of(e.substring(1, e.length() - 1));
        if (BY_NAME.containsKey(e)) return Optional.of(e);
        return Optional.ofNullable(BY_EMOJI.get(bare(e)));
    }
}
