package org.staffroom.discord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.staffroom.discord.SampleDiscord.*;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import tools.jackson.databind.JsonNode;

import org.staffroom.chat.Chat;
import org.staffroom.chat.Connectors;
import org.staffroom.chat.spi.ConnectorStatus;
import org.staffroom.config.Platform;
import org.staffroom.testing.StaffroomTest;
import org.staffroom.testing.discord.Dispatch;
import org.staffroom.testing.discord.FakeDiscord;

/**
 * The Discord adapter end to end: the whole application with the real JDA client, pointed at a
 * loopback {@link FakeDiscord} that holds the sample trust's guilds, channels and people.
 */
@StaffroomTest
@Import(DiscordTestSupport.class)
class DiscordAdapterTest {

    static FakeDiscord discord = SampleDiscord.start();

    @DynamicPropertySource
    static void discordProperties(DynamicPropertyRegistry registry) {
        registry.add("staffroom.discord.bot-token", discord::token);
        registry.add("staffroom.discord.api-url", discord::restBaseUrl);
        registry.add("staffroom.discord.compression", () -> "none");
        registry.add("staffroom.discord.identify-delay", () -> "0s");
    }

    @AfterAll
    static void closeFake() {
        discord.close();
    }

    @Autowired
    Connectors connectors;
    @Autowired
    Chat chat;
    @Autowired
    DiscordTestSupport.Recorder recorder;

    @BeforeEach
    void connected() {
        await().atMost(20, TimeUnit.SECONDS)
                .until(() -> connectors.statuses().get(Platform.DISCORD).state() == ConnectorStatus.State.UP);
    }

    @AfterEach
    void clearFaults() {
        discord.clearFaults();
    }

    @Test
    void readyAndAnswersStaffroomHelpPrivately() {
        Dispatch help = discord.push(discord.events().slashCommand(HILLCREST_STAFFROOM, HARRY, "staffroom")
                .subcommand("help").build());

        JsonNode callback = discord.awaitInteractionCallback(help);
        assertThat(callback.get("type").asInt()).isEqualTo(4);
        assertThat(callback.get("data").get("flags").asInt() & 64).isEqualTo(64);
        assertThat(callback.get("data").get("content").asString())
                .contains("Commands you can use, Harry Jones").contains("/staffroom help");
        assertThat(discord.messages(HILLCREST_STAFFROOM)).isEmpty();
    }
}
