package org.staffroom.platforms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.staffroom.platforms.Platforms.*;

import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.staffroom.chat.Chat;
import org.staffroom.chat.Connectors;
import org.staffroom.chat.InboundEvents;
import org.staffroom.chat.Ticker;
import org.staffroom.chat.spi.ConnectorStatus;
import org.staffroom.config.Platform;
import org.staffroom.testing.MutableClock;
import org.staffroom.testing.StaffroomTest;
import org.staffroom.testing.discord.Dispatch;
import org.staffroom.testing.discord.FakeDiscord;
import tools.jackson.databind.JsonNode;

/**
 * The Server Members intent switched on in Staffroom but not allowed in the Developer Portal, through
 * JDA against the loopback Discord: Discord closes the first session with 4014, Staffroom says what to
 * do and connects again without the intent, and the members of the "Senior Leadership" role (approvers
 * of Hillcrest by people.yml) are then the ones it has seen in the server, checked against Discord
 * when a card or reminder needs them: Sam, who wrote in the staffroom, is named on the card and
 * reminded by DM; Tara, never seen, is not; Sam, once the role is taken from him, is not either.
 */
@StaffroomTest
@ExtendWith(OutputCaptureExtension.class)
@Import(DiscordMembersIntentRefusedTest.Wiring.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class DiscordMembersIntentRefusedTest {

    static final Duration WAIT = Duration.ofSeconds(15);
    static final long SENIOR_LEADERSHIP = 1180000000000000901L;
    static final long SAM = 1180000000000000950L;
    static final long TARA = 1180000000000000952L;

    static final FakeDiscord DISCORD = Platforms.discord((guild, g) -> {
        if (guild == HILLCREST) {
            g.member(SAM, "sam", "Sam Senior", SENIOR_LEADERSHIP);
            g.member(TARA, "tara", "Tara Lead", SENIOR_LEADERSHIP);
        }
    });

    static {
        // The portal's toggle is off: every intent but Server Members.
        DISCORD.gateway().allowedIntents(((1 << 26) - 1) & ~Dispatch.GUILD_MEMBERS);
    }

    @DynamicPropertySource
    static void discord(DynamicPropertyRegistry r) {
        r.add("staffroom.discord.bot-token", DISCORD::token);
        r.add("staffroom.discord.api-url", DISCORD::restBaseUrl);
        r.add("staffroom.discord.compression", () -> "none");
        r.add("staffroom.discord.identify-delay", () -> "0s");
        r.add("staffroom.discord.members-intent", () -> "true");
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class Wiring {
        @Bean(destroyMethod = "close")
        FakeDiscord fakeDiscord() {
            return DISCORD;
        }
    }

    @Autowired
    MutableClock clock;

    @Autowired
    Ticker ticker;

    @Autowired
    Chat chat;

    @Autowired
    InboundEvents inbound;

    @Autowired
    Connectors connectors;

    @BeforeEach
    void connected() {
        CLOCK.follow(clock);
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            ConnectorStatus s = connectors.statuses().get(Platform.DISCORD);
            return s != null && s.state() == ConnectorStatus.State.UP;
        });
    }

    @Test
    @Order(1)
    void discordRefusesTheIntentWith4014AndStaffroomSaysWhatToDoAndConnectsWithoutIt(CapturedOutput output) {
        List<JsonNode> identifies = DISCORD.gateway().identifies();
        assertThat(identifies.get(0).get("intents").asInt() & Dispatch.GUILD_MEMBERS)
                .as("first asks for Server Members")
                .isNotZero();
        assertThat(identifies.get(identifies.size() - 1).get("intents").asInt() & Dispatch.GUILD_MEMBERS)
                .as("then without it")
                .isZero();
        assertThat(connectors.statuses().get(Platform.DISCORD).detail())
                .contains("Server Members intent refused by Discord");
        assertThat(output.getOut())
                .contains(
                        "Discord refused the Server Members intent (close code 4014)",
                        "Turn on \"Server Members Intent\"",
                        "staffroom.discord.members-intent=false");
    }

    @Test
    @Order(2)
    void roleMembersSeenInTheServerAreNamedOnTheCardAndRemindedThoseNeverSeenOrWhoLostTheRoleAreNot() {
        // Sam writes in Hillcrest's staffroom: Staffroom has now seen him holding Senior Leadership.
        DISCORD.push(DISCORD.events()
                .message(HILLCREST_STAFFROOM, SAM, "Morning all")
                .build());
        settle();

        long id = discordDraft("Our Year 7 orchestra played at the care home.");
        FakeDiscord.StoredMessage card = DISCORD.messages(HILLCREST_REVIEW).stream()
                .filter(m -> m.authorId() == DISCORD.botId())
                .filter(m -> shown(m.json()).contains("Draft #" + id + " "))
                .findFirst()
                .orElseThrow();
        assertThat(shown(card.json()))
                .contains("Approvals so far: 0 of 2 needed (—). Waiting on Grace Lin, Omar Haddad, Sam Senior.")
                .doesNotContain("Tara Lead");
        assertThat(DISCORD.calls("GET", "guilds/" + HILLCREST + "/members/" + SAM))
                .as("checked against Discord")
                .isNotEmpty();

        // Four hours later the reminders go by DM to everyone the stage waits on, Sam included.
        clock.advance(Duration.ofHours(4));
        ticker.tickNow();
        settle();
        assertThat(dms(SAM)).anySatisfy(t -> assertThat(t).contains("Reminder:", "Draft #" + id + " (Hillcrest)"));
        assertThat(dms(GRACE)).anySatisfy(t -> assertThat(t).contains("Reminder:", "Draft #" + id + " (Hillcrest)"));
        assertThat(dms(TARA)).isEmpty();

        // The role is taken from Sam (no GUILD_MEMBER_UPDATE reaches a session without the intent): once the
        // minute's cache is over, Discord's answer for his member counts and the next card leaves him out.
        DISCORD.memberRoles(HILLCREST, SAM);
        clock.advance(Duration.ofMinutes(2));
        long next = discordDraft("Hillcrest’s chess club meets on Thursdays now.");
        FakeDiscord.StoredMessage nextCard = DISCORD.messages(HILLCREST_REVIEW).stream()
                .filter(m -> m.authorId() == DISCORD.botId())
                .filter(m -> shown(m.json()).contains("Draft #" + next + " "))
                .findFirst()
                .orElseThrow();
        assertThat(shown(nextCard.json()))
                .contains("Waiting on Grace Lin, Omar Haddad.")
                .doesNotContain("Sam Senior");
    }

    private long discordDraft(String text) {
        Dispatch command = DISCORD.push(DISCORD.events()
                .slashCommand(HILLCREST_STAFFROOM, HARRY, "draft")
                .subcommand("new")
                .build());
        JsonNode form = DISCORD.awaitInteractionCallback(command);
        assertThat(form.get("type").asInt())
                .as("the draft form as a modal: %s", form)
                .isEqualTo(9);
        String customId = form.get("data").get("custom_id").asString();
        Dispatch submit = DISCORD.push(DISCORD.events()
                .modalSubmit(HILLCREST_STAFFROOM, HARRY, customId)
                .textInput("text", text)
                .stringSelect("target", "school")
                .stringSelect("networks", "facebook")
                .stringSelect("category", "event")
                .textInput("date", "")
                .build());
        String answer = DISCORD.awaitInteractionCallback(submit)
                .get("data")
                .get("content")
                .asString();
        Matcher m = Pattern.compile("Draft #(\\d+)").matcher(answer);
        assertThat(m.find()).as("a draft number in: %s", answer).isTrue();
        settle();
        return Long.parseLong(m.group(1));
    }

    private List<String> dms(long user) {
        return DISCORD.messages(DISCORD.dmChannel(user)).stream()
                .filter(m -> m.authorId() == DISCORD.botId())
                .map(m -> shown(m.json()))
                .toList();
    }

    void settle() {
        for (int i = 0; i < 2; i++) {
            await().atMost(WAIT).until(() -> inbound.backlog() == 0);
            assertThat(chat.awaitDelivered(WAIT)).isTrue();
        }
    }
}
