package org.staffroom.reliability;

import org.junit.jupiter.api.AfterAll;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.staffroom.discord.SampleDiscord;
import org.staffroom.slack.SlackTrust;
import org.staffroom.testing.discord.FakeDiscord;
import org.staffroom.testing.discord.LiveDiscord;
import org.staffroom.testing.slack.FakeSlack;

/** Mode 3, live: Slack in Socket Mode and Discord, both through their real clients; no sandbox at all, even if switched on. */
class BothLiveAccessTest extends AccessMatrix {

    static final FakeSlack SLACK = SlackTrust.fake().start();
    static final FakeDiscord DISCORD = SampleDiscord.start();

    @DynamicPropertySource
    static void platforms(DynamicPropertyRegistry r) {
        SlackTrust.socketMode(r, SLACK, "100ms");
        LiveDiscord.properties(r, DISCORD);
        r.add("staffroom.sandbox.mode", () -> "on");
        r.add("staffroom.sandbox.allow-remote", () -> "true");
    }

    @AfterAll
    static void closeFakes() {
        SLACK.close();
        DISCORD.close();
    }

    @Override
    Mode mode() {
        return new Mode("Slack and Discord live", false, false, false);
    }
}
