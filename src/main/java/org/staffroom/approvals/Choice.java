package org.staffroom.approvals;

import java.util.Optional;

/** What an approver chose, by button or by reacting with its emoji. */
enum Choice {
    APPROVE("✅", Outcome.APPROVED),
    REJECT("❌", Outcome.REJECTED),
    CHANGES("✏️", Outcome.CHANGES_REQUESTED);

    final String emoji;
    final Outcome outcome;

    Choice(String emoji, Outcome outcome) {
        this.emoji = emoji;
        this.outcome = outcome;
    }

    /**
     * The choice an emoji stands for. Adapters give the Unicode emoji where there is one; the
     * variation selector (✏ vs ✏️) and Slack's names are accepted too, so every client's ✅ counts.
     */
    static Optional<Choice> ofEmoji(String emoji) {
        if (emoji == null) return Optional.empty();
        String e = emoji.replace("\uFE0F", "").replace(":", "").trim();
        switch (e) {
            case "✅", "✔", "white_check_mark", "heavy_check_mark":
                return Optional.of(APPROVE);
            case "❌", "x", "negative_squared_cross_mark", "❎":
                return Optional.of(REJECT);
            case "✏", "pencil2", "pencil", "📝", "memo":
                return Optional.of(CHANGES);
            default:
                return Optional.empty();
        }
    }
}
