package org.staffroom.platforms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.staffroom.platforms.Platforms.*;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.staffroom.chat.Connectors;
import org.staffroom.chat.InboundEvents;
import org.staffroom.config.Platform;
import org.staffroom.slack.SlackTrust;
import org.staffroom.testing.SampleConfig;
import org.staffroom.testing.StaffroomEndToEnd;
import org.staffroom.testing.StaffroomTest;
import org.staffroom.testing.discord.Dispatch;
import org.staffroom.testing.discord.FakeDiscord;
import org.staffroom.testing.slack.Envelope;
import org.staffroom.testing.slack.FakeSlack;
import org.staffroom.testing.slack.FakeUser;
import org.staffroom.testing.slack.ResponseUrlPost;
import org.staffroom.testing.slack.StoredMessage;
import org.staffroom.testing.slack.StoredView;
import tools.jackson.databind.JsonNode;

/**
 * Approvers who hold the role only through a platform group, end to end through Bolt and JDA against
 * the loopback Slack and Discord. The sample trust is changed so that Riverside's approvers are the
 * Slack user group "riverside-slt" (Chloe loses her approver role) and Hillcrest's are the Discord role
 * "Senior Leadership" (Grace and Omar lose theirs); both schools' stages send their cards by DM. The
 * Discord adapter runs with {@code staffroom.discord.members-intent} on and the portal allowing it, so a
 * role's members come from the gateway's member chunks (op 8 → GUILD_MEMBERS_CHUNK).
 *
 * <p>Each group member gets the card by DM with the platform's name for them, the card says who it is
 * waiting on, one of them approves it from their DM, and someone removed from the group afterwards is
 * neither accepted on the card they still have nor sent the next one.
 */
@StaffroomTest
@Import(GroupApproversEndToEndTest.Wiring.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class GroupApproversEndToEndTest extends StaffroomEndToEnd {

    static final Duration WAIT = Duration.ofSeconds(15);

    // Slack: two members of the new user group, neither in people.yml.
    static final String RIVERSIDE_SLT = "S0RIVSLT01";
    static final String RITA = "U0RITASH01";
    static final String ROB = "U0ROBQUI01";
    static final String CHLOE = "U0CHLOE001";

    // Discord: two holders of the "Senior Leadership" role, neither in people.yml.
    static final long SENIOR_LEADERSHIP = 1180000000000000901L;
    static final long SAM = 1180000000000000950L;
    static final long TARA = 1180000000000000952L;

    static final Path CONFIG = groupOnlyApprovers(SampleConfig.copy("group-approvers"));
    static final FakeSlack SLACK = Platforms.slack();
    static final FakeDiscord DISCORD = Platforms.discord((guild, g) -> {
        if (guild == HILLCREST) {
            g.member(SAM, "sam", "Sam Senior", SENIOR_LEADERSHIP);
            g.member(TARA, "tara", "Tara Lead", SENIOR_LEADERSHIP);
        }
    });

    static {
        SLACK.addUser(FakeUser.of(RITA, "rita", "Rita Shah"));
        SLACK.addUser(FakeUser.of(ROB, "rob", "Rob Quinn"));
        SLACK.addUsergroup(RIVERSIDE_SLT, List.of(RITA, ROB));
    }

    /**
     * The sample configuration with Riverside approved only by a Slack user group and Hillcrest only by
     * a Discord role, each stage sending its cards by DM.
     */
    static Path groupOnlyApprovers(Path dir) {
        edit(
                dir.resolve("people.yml"),
                Map.of(
                        "roles: [approver@riverside, coordinator@riverside]", "roles: [coordinator@riverside]",
                        "roles: [approver@hillcrest]           # principal", "roles: []",
                        "roles: [approver@hillcrest]           # vice principal", "roles: []"));
        append(dir.resolve("people.yml"), """
                  - space: nwt-slack
                    group: S0RIVSLT01                     # Slack user group "riverside-slt"
                    roles: [approver@riverside]
                """);
        edit(
                dir.resolve("approvals.yml"),
                Map.of(
                        "schools: [oakfield, riverside, sevilla]", "schools: [oakfield, sevilla]",
                        "        quorum: 2\n        post-to: school-review",
                                "        quorum: 1\n        post-to: direct"));
        append(dir.resolve("approvals.yml"), """

                  - id: riverside-page
                    target: school
                    schools: [riverside]
                    stages:
                      - id: slt
                        name: Riverside SLT sign-off
                        approver-role: school
                        quorum: 1
                        post-to: direct
                        remind-after: 4h
                        escalate-after: 24h
                """);
        return dir;
    }

    @DynamicPropertySource
    static void platforms(DynamicPropertyRegistry r) {
        r.add("staffroom.config-dir", CONFIG::toString);
        SlackTrust.socketMode(r, SLACK, "500ms");
        discordProperties(r, DISCORD);
        r.add("staffroom.discord.members-intent", () -> "true");
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class Wiring {
        @Bean(destroyMethod = "close")
        FakeSlack fakeSlack() {
            return SLACK;
        }

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
    void bothConnected() {
        Platforms.connected(clock, connectors, Platform.SLACK, Platform.DISCORD);
    }

    // ================================================================== Slack user group

    @Test
    @Order(1)
    void onSlackAUserGroupsMembersGetTheCardByDmAndOneOfThemApprovesItThroughBolt() {
        long id = slackDraft(DAN, "Riverside’s choir sang at the town hall tonight.");

        StoredMessage rita = slackDmCard(RITA, id);
        StoredMessage rob = slackDmCard(ROB, id);
        assertThat(rita.text())
                .contains("Riverside SLT sign-off", "Dan Whitfield, Riverside", "Waiting on Rita Shah, Rob Quinn.");
        assertThat(rob.text()).contains("Waiting on Rita Shah, Rob Quinn.");
        assertThat(SLACK.calls("usergroups.users.list"))
                .anyMatch(c -> c.ok() && RIVERSIDE_SLT.equals(c.param("usergroup")));
        assertThat(SLACK.calls("users.info")).anyMatch(c -> c.ok() && RITA.equals(c.param("user")));
        assertThat(slackDmCards(CHLOE, id)).as("Chloe is no longer an approver").isEmpty();
        assertThat(slackDmCards(DAN, id)).as("never the author").isEmpty();

        // Rita approves with the button on her DM card: Bolt hands the block_actions in, she is answered privately.
        Envelope press = SLACK.pushInteractive(SLACK.payloads()
                .blockActions(RITA, "approvals.approve")
                .blockId("staffroom.actions.0")
                .value(buttonValue(rita, "approvals.approve"))
                .onMessage(rita.channel(), rita.ts())
                .build());
        assertThat(press.awaitAck(WAIT)).isNotNull();
        settle();
        assertThat(privateAnswers())
                .anySatisfy(t -> assertThat(t).isEqualTo("You approved Draft #" + id + " (Riverside)."));
        assertThat(reviewState(id)).isEqualTo("APPROVED");
        assertThat(SLACK.message(rob.channel(), rob.ts()).orElseThrow().text())
                .as("every copy of the card is edited")
                .contains("Approved by Rita Shah");
        assertThat(dmTexts(DAN))
                .anySatisfy(t -> assertThat(t).contains("Draft #" + id + " (Riverside) is approved by Rita Shah"));
    }

    @Test
    @Order(2)
    void onSlackSomeoneTakenOutOfTheUserGroupIsRefusedOnTheCardTheyHaveAndNotSentTheNextOne() {
        long id = slackDraft(DAN, "Year 6 visited the river centre.");
        StoredMessage rob = slackDmCard(ROB, id);

        // An admin takes Rob out of riverside-slt; Staffroom reads the group again once its minute is up.
        SLACK.addUsergroup(RIVERSIDE_SLT, List.of(RITA));
        clock.advance(Duration.ofMinutes(2));
        pushed(SLACK.payloads().reactionAdded(ROB, "white_check_mark", rob.channel(), rob.ts()));
        settle();
        assertThat(reviewState(id)).isEqualTo("OPEN");
        assertThat(dmTexts(ROB))
                .anySatisfy(t -> assertThat(t)
                        .contains(
                                "Only Riverside’s approvers can decide on Draft #" + id,
                                "your decision was not counted"));

        long next = slackDraft(DAN, "Our eco-club planted twenty trees.");
        StoredMessage rita = slackDmCard(RITA, next);
        assertThat(rita.text()).contains("Waiting on Rita Shah.").doesNotContain("Rob Quinn");
        assertThat(slackDmCards(ROB, next)).isEmpty();

        // Four hours on, the reminder goes to the group's members who have not decided, and only to them.
        clock.advance(Duration.ofHours(4));
        ticker.tickNow();
        settle();
        assertThat(dmTexts(RITA))
                .anySatisfy(t -> assertThat(t)
                        .contains(
                                "Reminder:",
                                "Draft #" + next + " (Riverside)",
                                "is waiting for Riverside SLT sign-off"));
        assertThat(dmTexts(ROB)).noneSatisfy(t -> assertThat(t).contains("Reminder:"));
    }

    // ================================================================== Discord role

    @Test
    @Order(3)
    void onDiscordARolesMembersListedByMemberChunksGetTheCardByDmAndOneApprovesItThroughJda() {
        assertThat(DISCORD.gateway().identifies())
                .last()
                .satisfies(identify -> assertThat(identify.get("intents").asInt() & Dispatch.GUILD_MEMBERS)
                        .as("asks for Server Members")
                        .isNotZero());
        long id = discordDraft(HARRY, "Hillcrest’s robotics club won the county final.");

        FakeDiscord.StoredMessage sam = discordDmCard(SAM, id);
        FakeDiscord.StoredMessage tara = discordDmCard(TARA, id);
        assertThat(shown(sam.json()))
                .contains("Leadership sign-off", "Harry Jones, Hillcrest", "Waiting on Sam Senior, Tara Lead.");
        assertThat(discordDmCards(GRACE, id))
                .as("Grace is no longer an approver")
                .isEmpty();
        assertThat(discordDmCards(HARRY, id)).as("never the author").isEmpty();

        // Sam presses Approve in his DM: the interaction carries no guild and no roles, so his role is read from
        // Discord.
        Dispatch press = DISCORD.push(
                DISCORD.events().button(sam.channelId(), SAM, sam.id(), customId(sam, "approvals.approve|")));
        JsonNode answer = DISCORD.awaitInteractionCallback(press);
        assertThat(answer.get("data").get("content").asString())
                .isEqualTo("You approved Draft #" + id + " (Hillcrest).");
        settle();
        assertThat(reviewState(id)).isEqualTo("APPROVED");
        assertThat(DISCORD.calls("GET", "guilds/" + HILLCREST + "/members/" + SAM))
                .isNotEmpty();
        assertThat(shown(DISCORD.message(tara.channelId(), tara.id())
                        .orElseThrow()
                        .json()))
                .contains("Approved by Sam Senior");
    }

    @Test
    @Order(4)
    void onDiscordSomeoneWhoLostTheRoleIsRefusedOnTheCardTheyHaveAndNotSentTheNextOne() {
        long id = discordDraft(HARRY, "Year 8 raised £400 for the food bank.");
        FakeDiscord.StoredMessage tara = discordDmCard(TARA, id);

        DISCORD.memberRoles(HILLCREST, TARA);
        clock.advance(Duration.ofMinutes(2));
        Dispatch press = DISCORD.push(
                DISCORD.events().button(tara.channelId(), TARA, tara.id(), customId(tara, "approvals.approve|")));
        assertThat(DISCORD.awaitInteractionCallback(press)
                        .get("data")
                        .get("content")
                        .asString())
                .isEqualTo("Only Hillcrest’s approvers can decide on Draft #" + id
                        + " (Hillcrest) at this stage, so your decision was not counted.");
        settle();
        assertThat(reviewState(id)).isEqualTo("OPEN");

        long next = discordDraft(HARRY, "The Year 10 play opens on Friday.");
        assertThat(shown(discordDmCard(SAM, next).json()))
                .contains("Waiting on Sam Senior.")
                .doesNotContain("Tara Lead");
        assertThat(discordDmCards(TARA, next)).isEmpty();
    }

    // ================================================================== helpers

    private long slackDraft(String author, String text) {
        StoredView modal = openDraftModal(SLACK, author, RIVERSIDE_STAFFROOM, WAIT);
        int answers = SLACK.calls("chat.postEphemeral").size();
        SLACK.pushInteractive(SLACK.payloads()
                        .viewSubmission(author, "drafts.new")
                        .of(modal)
                        .plainText("text", "text", text)
                        .staticSelect("target", "target", "school", "Riverside’s own accounts")
                        .multiStaticSelect("networks", "networks", Map.of("facebook", "Facebook"))
                        .staticSelect("category", "category", "event", "Event")
                        .datepicker("date", "date", null)
                        .build())
                .awaitAck(WAIT);
        String answer = await().atMost(WAIT)
                .until(
                        () -> SLACK.calls("chat.postEphemeral").stream()
                                .skip(answers)
                                .filter(c -> author.equals(c.param("user"))
                                        && c.param("text").contains("is with the approvers"))
                                .map(c -> c.param("text"))
                                .findFirst(),
                        java.util.Optional::isPresent)
                .orElseThrow();
        settle();
        return draftId(answer);
    }

    private long discordDraft(long author, String text) {
        String answer = discordDraftAnswer(DISCORD, HILLCREST_STAFFROOM, author, "school", "event", text);
        assertThat(answer).contains("is with the approvers");
        settle();
        return draftId(answer);
    }

    private static List<StoredMessage> slackDmCards(String user, long draftId) {
        return SLACK.messages(SLACK.dmChannel(user)).stream()
                .filter(m -> m.botId() != null)
                .filter(m -> m.text().contains("Draft #" + draftId + " ") && hasButtons(m))
                .toList();
    }

    private static StoredMessage slackDmCard(String user, long draftId) {
        List<StoredMessage> cards = slackDmCards(user, draftId);
        assertThat(cards).as("the card of draft %s in %s's DM", draftId, user).hasSize(1);
        return cards.get(0);
    }

    private static List<FakeDiscord.StoredMessage> discordDmCards(long user, long draftId) {
        return DISCORD.messages(DISCORD.dmChannel(user)).stream()
                .filter(m -> m.authorId() == DISCORD.botId())
                .filter(m -> shown(m.json()).contains("Draft #" + draftId + " ")
                        && !buttons(m).isEmpty())
                .toList();
    }

    private static FakeDiscord.StoredMessage discordDmCard(long user, long draftId) {
        List<FakeDiscord.StoredMessage> cards = discordDmCards(user, draftId);
        assertThat(cards).as("the card of draft %s in %s's DM", draftId, user).hasSize(1);
        return cards.get(0);
    }

    private static String customId(FakeDiscord.StoredMessage card, String prefix) {
        return buttons(card).stream()
                .filter(b -> b.startsWith(prefix))
                .findFirst()
                .orElseThrow();
    }

    private static String buttonValue(StoredMessage card, String actionId) {
        for (JsonElement block : card.blocks()) {
            JsonObject b = block.getAsJsonObject();
            if (!"actions".equals(b.get("type").getAsString())) continue;
            for (JsonElement e : b.getAsJsonArray("elements")) {
                if (actionId.equals(e.getAsJsonObject().get("action_id").getAsString()))
                    return e.getAsJsonObject().get("value").getAsString();
            }
        }
        throw new AssertionError("no " + actionId + " button on " + card.text());
    }

    private static List<String> privateAnswers() {
        List<String> out = new java.util.ArrayList<>(
                SLACK.responseUrlPosts().stream().map(ResponseUrlPost::text).toList());
        SLACK.calls("chat.postEphemeral").forEach(c -> out.add(c.param("text")));
        return out;
    }

    private static List<String> dmTexts(String user) {
        return SLACK.messages(SLACK.dmChannel(user)).stream()
                .filter(m -> m.botId() != null)
                .map(StoredMessage::text)
                .toList();
    }

    private static boolean hasButtons(StoredMessage m) {
        if (m.blocks() == null) return false;
        for (JsonElement block : m.blocks()) {
            if ("actions".equals(block.getAsJsonObject().get("type").getAsString())) return true;
        }
        return false;
    }

    private String reviewState(long draftId) {
        return jdbc.sql("select state from review where subject_kind = 'draft' and subject_id = ?")
                .param(String.valueOf(draftId))
                .query(String.class)
                .single();
    }

    @Override
    protected void settle() {
        Platforms.settle(inbound, chat, WAIT);
    }

    static Envelope pushed(JsonObject event) {
        return Platforms.pushed(SLACK, event, WAIT);
    }

    private static void edit(Path file, Map<String, String> replacements) {
        try {
            String s = Files.readString(file);
            for (Map.Entry<String, String> r : replacements.entrySet()) {
                if (!s.contains(r.getKey())) throw new IllegalStateException(file + " no longer has: " + r.getKey());
                s = s.replace(r.getKey(), r.getValue());
            }
            Files.writeString(file, s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void append(Path file, String text) {
        try {
            Files.writeString(file, Files.readString(file) + text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
