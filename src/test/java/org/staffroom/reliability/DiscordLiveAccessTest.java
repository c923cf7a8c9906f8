package org.staffroom.reliability;

import org.junit.jupiter.api.AfterAll;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.staffroom.discord.SampleDiscord;
import org.staffroom.testing.discord.FakeDiscord;
import org.staffroom.testing.discord.LiveDiscord;

/** Mode 2 the other way round: Discord live through JDA against the loopback Discord, Slack simulated, no sandbox. */
class DiscordLiveAccessTest extends AccessMatrix {

    static final FakeDiscord DISCORD = SampleDiscord.start(b -> b.guild(
            SampleDiscord.STRANGER_GUILD,
            "Somewhere else",
            g -> g.textChannel(SampleDiscord.STRANGER_CHANNEL, "general")
                    .member(SampleDiscord.STRANGER, "stranger", "Stranger")));

    @DynamicPropertySource
    static void discord(DynamicPropertyRegistry r) {
        LiveDiscord.properties(r, DISCORD);
    }

    @AfterAll
    static void closeFake() {
        DISCORD.close();
    }

    @org.springframework.beans.factory.annotation.Autowired
    org.springframework.jdbc.core.simple.JdbcClient jdbc;

    /** {@code /staffroom login} through JDA from a server the trust does not have: answered, but no link is made. */
    @Override
    void beforeMatrix() {
        long before =
                jdbc.sql("select count(*) from login_link").query(Long.class).single();
        org.staffroom.testing.discord.Dispatch login = DISCORD.push(DISCORD.events()
                .slashCommand(SampleDiscord.STRANGER_CHANNEL, SampleDiscord.STRANGER, "staffroom")
                .subcommand("login")
                .build());
        String answer = DISCORD.awaitInteractionCallback(login).toString();
        org.assertj.core.api.Assertions.assertThat(answer).doesNotContain("/login/");
        org.assertj.core.api.Assertions.assertThat(jdbc.sql("select count(*) from login_link")
                        .query(Long.class)
                        .single())
                .as("no link for a stranger's server")
                .isEqualTo(before);
    }

    @Override
    Mode mode() {
        return new Mode("Discord live, Slack simulated", false, false, false);
    }
}
