package org.staffroom.slack;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Slack emoji names and the Unicode the core uses, both ways. */
class SlackEmojiTest {

    @ParameterizedTest(name = "{0} ↔ {1}")
    @CsvSource(
            delimiterString = "=>",
            value = {"white_check_mark => ✅", "x => ❌", "pencil2 => ✏️", "+1 => 👍", "heart => ❤️", "tada => 🎉"})
    void commonEmojiTravelBothWays(String name, String emoji) {
        assertThat(SlackEmoji.toUnicode(name)).isEqualTo(emoji);
        assertThat(SlackEmoji.toName(emoji)).contains(name);
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(
            delimiterString = "=>",
            value = {
                "thumbsup => 👍",
                "+1::skin-tone-4 => 👍",
                ":tada: => 🎉",
                "staffroom_star => :staffroom_star:",
                "party-parrot::skin-tone-2 => :party-parrot:"
            })
    void slackNamesBecomeUnicodeOrStayNames(String name, String emoji) {
        assertThat(SlackEmoji.toUnicode(name)).isEqualTo(emoji);
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(
            delimiterString = "=>",
            value = {"❤ => heart", ":staffroom_star: => staffroom_star", "👍 => +1"})
    void unicodeAndCustomNamesBecomeSlackNames(String emoji, String name) {
        assertThat(SlackEmoji.toName(emoji)).contains(name);
    }
}
