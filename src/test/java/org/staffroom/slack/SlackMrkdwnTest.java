package org.staffroom.slack;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.staffroom.chat.Rich;
import org.staffroom.chat.UserRef;
import org.staffroom.config.Platform;

/**
 * Rich text as Slack mrkdwn: user text can never ping, link or format; our own formatting renders.
 * Zero-width spaces and word joiners are shown as {@code ·} and {@code ¬} in the table.
 */
class SlackMrkdwnTest {

    private static String visible(String s) {
        return s.replace(SlackMrkdwn.ZWSP, '·').replace(SlackMrkdwn.WORD_JOINER, '¬');
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiterString = "=>",
            quoteCharacter = '"',
            value = {
                "hello => hello",
                "<!channel> => &lt;!channel&gt;",
                "<!here> and <!everyone> => &lt;!here&gt; and &lt;!everyone&gt;",
                "@channel @here @everyone => @¬channel @¬here @¬everyone",
                "mail me@here.org => mail me@¬here.org",
                "<https://evil.example|x> => &lt;https://evil.example|x&gt;",
                "<@U0BOSS> => &lt;@U0BOSS&gt;",
                "fish & chips => fish &amp; chips",
                "&lt; literally => &amp;lt; literally",
                "*bold* _it_ ~no~ `code` => ·*·bold·*· ·_·it·_· ·~·no·~· ·`·code·`·",
                "snake_case_name stays => snake_case_name stays",
                "https://x.org/a_b_c => https://x.org/a_b_c",
                "2*3*4 = 24 => 2*3*4 = 24",
                "> not a quote => &gt; not a quote"
            })
    void plainTextIsShownExactlyAsWritten(String user, String mrkdwn) {
        assertThat(visible(SlackMrkdwn.render(Rich.of(user)))).isEqualTo(mrkdwn);
    }

    @Test
    void ourOwnFormattingRendersAndItsWordsAreEscapedToo() {
        UserRef ben = new UserRef(Platform.SLACK, "T0", "U0BENHUG01");
        UserRef harry = new UserRef(Platform.DISCORD, "1", "1180000000000000502");
        Rich rich = Rich.empty()
                .bold("Question ")
                .text("of the day: ")
                .italic("why?")
                .text(" ")
                .link("https://example.org/q?a=1&b=2", "more <info>")
                .text(" ")
                .link("javascript:alert(1)", "bad")
                .text(" by ")
                .mention(ben, "Ben")
                .text(" and ")
                .mention(harry, "Harry")
                .code("x`y")
                .quote("line one\n<!channel> line two");

        assertThat(visible(SlackMrkdwn.render(rich)))
                .isEqualTo("*Question* of the day: _why?_ "
                        + "<https://example.org/q?a=1&amp;b=2|more &lt;info&gt;> bad (javascript:alert(1)) by <@U0BENHUG01> and "
                        + "@Harry`xˋy`\n> line one\n> &lt;!channel&gt; line two\n");
    }

    @Test
    void aLinkLabelCannotBreakOutOfItsLink() {
        Rich rich = Rich.empty().link("https://example.org/a|b>c d", "x|<!channel>*");
        assertThat(visible(SlackMrkdwn.render(rich)))
                .isEqualTo("<https://example.org/a%7Cb%3Ec%20d|x¦&lt;!channel&gt;·*·>");
    }
}
