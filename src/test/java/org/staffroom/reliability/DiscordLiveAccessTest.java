package org.staffroom.reliability;

import org.junit.jupiter.api.AfterAll;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import org.staffroom.discord.SampleDiscord;
import org.staffroom.testing.discord.FakeDiscord;

/** Mode 2 the other way round: Discord live through JDA against the loopback Discord, Slack simulated, no sandbox. */
class DiscordLiveAccessTest extends AccessMatrix {

    static final FakeDiscord DISCORD = SampleDiscord.start();

    @DynamicPropertySource
    static void discord(DynamicPropertyRegistry r) {
        LiveDiscord.properties(r, DISCORD);
    }

    @AfterAll
    static void closeFake() {
        DISCORD.close();
    }

    @Override
    Mode mode() {
        return new Mode("Discord live, Slack simulated", false, false, false);
    }
}
