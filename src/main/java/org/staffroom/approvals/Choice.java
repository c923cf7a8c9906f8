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
     * The choice an emoji stands for. Emoji arrive in Unicode: each adapter translates its own
     * platform's vocabulary (Slack's {@code white_check_mark} becomes ✅ in the Slack adapter). The
     * variation selector (✏ vs ✏️) is ignored and near neighbours count, so every client's ✅ counts.
     */
    static Optional<Choice> ofEmoji(String emoji) {
        if (emoji == null) return Optional.empty();
        String e = emoji.replace("\uFE0F", "").trim();
        switch (e) {
            case "✅", "✔":
                return Optional.of(APPROVE);
            case "❌", "❎":
                return Optional.of(REJECT);
            case "✏", "📝":
                return Optional.of(CHANGES);
            default:
                return Optional.empty();
        }
    }
}
