package org.staffroom.platforms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.staffroom.platforms.Platforms.*;

import java.time.Duration;
import java.util.List;
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
import org.staffroom.chat.Connectors;
import org.staffroom.chat.InboundEvents;
import org.staffroom.config.Platform;
import org.staffroom.testing.StaffroomEndToEnd;
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
class DiscordMembersIntentRefusedTest extends StaffroomEndToEnd {

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
        discordProperties(r, DISCORD);
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
    InboundEvents inbound;

    @Autowired
    Connectors connectors;

    @BeforeEach
    void connected() {
        Platforms.connected(clock, connectors, Platform.DISCORD);
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
        String answer = discordDraftAnswer(DISCORD, HILLCREST_STAFFROOM, HARRY, "school", "event", text);
        settle();
        return draftId(answer);
    }

    private List<String> dms(long user) {
        return DISCORD.messages(DISCORD.dmChannel(user)).stream()
                .filter(m -> m.authorId() == DISCORD.botId())
                .map(m -> shown(m.json()))
                .toList();
    }

    @Override
    protected void settle() {
        Platforms.settle(inbound, chat, WAIT);
    }
}
