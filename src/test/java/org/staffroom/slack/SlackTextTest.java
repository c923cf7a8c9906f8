package org.staffroom.slack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What a person typed in Slack, as the plain text the core receives. */
class SlackTextTest {

    private static final Map<String, String> NAMES = Map.of("U0BEN", "Ben Hughes", "U0AMARA", "Amara Okafor");

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiterString = "=>",
            quoteCharacter = '"',
            value = {
                "plain words => plain words",
                "a &lt;b&gt; &amp; c => a <b> & c",
                "&amp;lt; stays an entity the person typed => &lt; stays an entity the person typed",
                "thanks <@U0BEN>! => thanks @Ben Hughes!",
                "thanks <@U0AMARA|amara> => thanks @amara",
                "<@U0NOBODY> is unknown => @U0NOBODY is unknown",
                "see <#C0KUDOS|kudos> and <#C0PD> => see #kudos and #C0PD",
                "<!here> <!channel> <!everyone> => @here @channel @everyone",
                "<!subteam^S0SLT|@oakfield-slt> please => @oakfield-slt please",
                "<!date^1392734382^{date}|Feb 18, 2014> => Feb 18, 2014",
                "<https://example.org/plan|the plan> => the plan (https://example.org/plan)",
                "<https://example.org/plan> => https://example.org/plan",
                "<https://example.org|example.org> => example.org",
                "<mailto:head@oakfield.sch.uk|head@oakfield.sch.uk> => head@oakfield.sch.uk",
                "<https://x.org/?a=1&amp;b=2|Q&amp;A> => Q&A (https://x.org/?a=1&b=2)",
                "#kudos for *everyone* _today_ => #kudos for *everyone* _today_",
                "Café ☕ ¡sí! => Café ☕ ¡sí!"
            })
    void slackTextBecomesPlainText(String slack, String plain) {
        assertThat(SlackText.toPlain(slack, id -> NAMES.getOrDefault(id, id))).isEqualTo(plain);
    }
}
