package org.staffroom.platforms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.staffroom.platforms.Platforms.*;

import com.google.gson.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestClassOrder;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.event.EventListener;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.staffroom.chat.ChatEvent;
import org.staffroom.chat.Connectors;
import org.staffroom.chat.InboundEvents;
import org.staffroom.config.Platform;
import org.staffroom.slack.SlackTrust;
import org.staffroom.testing.StaffroomEndToEnd;
import org.staffroom.testing.StaffroomTest;
import org.staffroom.testing.discord.Dispatch;
import org.staffroom.testing.discord.FakeDiscord;
import org.staffroom.testing.slack.Ack;
import org.staffroom.testing.slack.Envelope;
import org.staffroom.testing.slack.FakeSlack;
import org.staffroom.testing.slack.RecordedCall;
import org.staffroom.testing.slack.StoredMessage;
import org.staffroom.testing.slack.StoredView;
import tools.jackson.databind.JsonNode;

/**
 * The workflows end to end through both real clients at once: one application with the Slack
 * adapter (Bolt, Socket Mode) connected to a loopback Slack holding the sample trust's workspace
 * (Oakfield and Riverside) and the Discord adapter (JDA) connected to a loopback Discord holding
 * its two guilds (Hillcrest and Sevilla). What people do goes in as each platform's own payloads;
 * every assertion is on what reached each fake, in the shape the platform documents.
 *
 * <p>The groups (numbered as the scenarios of the issue) share one application, one database and
 * one clock, so they run in order and move the clock forward only: help and drafts on Wednesday
 * 25 November 2026 before the question of the day, the question of the day that morning,
 * duplicates after it, and the weekly PD chat on Tuesday 1 December at 19:00. Both fakes read
 * that clock too ({@link Platforms#CLOCK}), so Slack timestamps and Discord snowflakes agree
 * with the bot's time. The last group closes the application, so its clients stop before
 * other test classes run.
 */
@StaffroomTest
@Import(BothPlatformsEndToEndTest.Wiring.class)
@TestClassOrder(ClassOrderer.OrderAnnotation.class)
class BothPlatformsEndToEndTest extends StaffroomEndToEnd {

    static final Duration WAIT = Duration.ofSeconds(15);
    static final FakeSlack SLACK = Platforms.slack();
    static final FakeDiscord DISCORD = Platforms.discord();

    @DynamicPropertySource
    static void platforms(DynamicPropertyRegistry r) {
        SlackTrust.socketMode(r, SLACK, "500ms");
        discordProperties(r, DISCORD);
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class Wiring {
        /** Closed with the context, after both clients have stopped. */
        @Bean(destroyMethod = "close")
        FakeSlack fakeSlack() {
            return SLACK;
        }

        @Bean(destroyMethod = "close")
        FakeDiscord fakeDiscord() {
            return DISCORD;
        }

        @Bean
        Seen bothPlatformsSeen() {
            return new Seen();
        }
    }

    /** Every chat event the features were handed, to count how often one happening was handled. */
    static class Seen {
        private final List<ChatEvent> events = new CopyOnWriteArrayList<>();

        @EventListener
        void on(ChatEvent event) {
            events.add(event);
        }

        <T extends ChatEvent> List<T> of(Class<T> type, Predicate<T> match) {
            return events.stream()
                    .filter(type::isInstance)
                    .map(type::cast)
                    .filter(match)
                    .toList();
        }
    }

    @Autowired
    InboundEvents inbound;

    @Autowired
    Connectors connectors;

    @Autowired
    Seen seen;

    @Autowired
    org.staffroom.config.TrustConfig trustConfig;

    @BeforeEach
    void bothConnected() {
        Platforms.connected(clock, connectors, Platform.SLACK, Platform.DISCORD);
        assertThat(connectors.sandboxed()).isEmpty();
    }

    // ================================================================== 1. help

    @Nested
    @Order(1)
    class Help {

        @Test
        void staffroomHelpIsAnsweredPrivatelyOnSlackAndOnDiscordInEachPersonsLanguage() {
            Envelope command = SLACK.pushSlashCommand(
                    SLACK.payloads().slashCommand("/staffroom", "help", BEN, OAKFIELD_STAFFROOM));
            Ack ack = command.awaitAck(WAIT);
            assertThat(ack.payload())
                    .as("the answer rides on the acknowledgement")
                    .isNotNull();
            assertThat(ack.payload().get("response_type").getAsString()).isEqualTo("ephemeral");
            assertThat(ack.payload().get("text").getAsString())
                    .startsWith("Commands you can use, Ben Hughes:")
                    .contains("/staffroom help", "/draft", "/qotd suggest")
                    .doesNotContain("/qotd now");
            // Each platform's help shows the forms it takes: Slack reads "/draft some text"; Discord offers
            // "/draft new" with a text option and no "/draft" of its own.
            assertThat(ack.payload().get("text").getAsString())
                    .contains("• /draft [text] — ", "• /draft new [text] — ");

            Dispatch harry = DISCORD.push(DISCORD.events()
                    .slashCommand(HILLCREST_STAFFROOM, HARRY, "staffroom")
                    .subcommand("help")
                    .build());
            JsonNode english = DISCORD.awaitInteractionCallback(harry);
            assertThat(english.get("type").asInt()).as("a reply").isEqualTo(4);
            assertThat(english.get("data").get("flags").asInt() & 64)
                    .as("ephemeral")
                    .isEqualTo(64);
            assertThat(english.get("data").get("content").asString())
                    .contains("Commands you can use, Harry Jones", "/staffroom help");
            assertThat(english.get("data").get("content").asString().replace("\\", ""))
                    .as("as shown, without markdown escapes")
                    .contains("• /draft new [text] — ")
                    .doesNotContain("• /draft [text]")
                    .doesNotContain("[--");

            Dispatch javier = DISCORD.push(DISCORD.events()
                    .slashCommand(SEVILLA_STAFFROOM, JAVIER, "staffroom")
                    .subcommand("help")
                    .build());
            JsonNode spanish = DISCORD.awaitInteractionCallback(javier);
            assertThat(spanish.get("data").get("flags").asInt() & 64).isEqualTo(64);
            assertThat(spanish.get("data").get("content").asString())
                    .contains(
                            "Comandos que puedes usar, Javier Moreno",
                            "Las respuestas de Staffroom aquí solo las ves tú.");

            // Private everywhere: nothing was posted in either staffroom.
            assertThat(slackBotMessages(OAKFIELD_STAFFROOM)).isEmpty();
            assertThat(discordBotMessages(HILLCREST_STAFFROOM)).isEmpty();
            assertThat(discordBotMessages(SEVILLA_STAFFROOM)).isEmpty();
        }
    }

    // ================================================================== 3. drafts and approvals

    @Nested
    @Order(2)
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    class DraftsAndApprovals {

        @Test
        @Order(1)
        void onSlackADraftGoesFromModalToCardAndOnlyTheSchoolsApproverCanApproveItByReaction() {
            String text = "Year 4 built a rainforest in the hall today!";
            StoredView modal = openDraftModal(BEN);
            JsonObject view = SLACK.calls("views.open").stream()
                    .filter(c -> c.ok() && c.param("view").contains("drafts.new"))
                    .reduce((a, b) -> b)
                    .orElseThrow()
                    .jsonParam("view")
                    .getAsJsonObject();
            assertThat(view.get("type").getAsString()).isEqualTo("modal");
            assertThat(view.getAsJsonObject("title").get("text").getAsString()).isEqualTo("New post draft");
            List<String> blocks = new ArrayList<>();
            view.getAsJsonArray("blocks")
                    .forEach(b -> blocks.add(b.getAsJsonObject().get("block_id").getAsString() + ":"
                            + b.getAsJsonObject()
                                    .getAsJsonObject("element")
                                    .get("type")
                                    .getAsString()));
            assertThat(blocks)
                    .containsExactly(
                            "text:plain_text_input",
                            "target:static_select",
                            "networks:multi_static_select",
                            "category:static_select",
                            "date:datepicker");

            Envelope submitted = SLACK.pushInteractive(draftForm(modal, text));
            assertThat(submitted.awaitAck(WAIT).payload())
                    .as("the modal closes")
                    .isNull();
            long id = draftId(SLACK.awaitCall(
                            "chat.postEphemeral",
                            c -> BEN.equals(c.param("user")) && c.param("text").contains("is with the approvers"),
                            WAIT)
                    .param("text"));
            settle();

            StoredMessage card = slackCard(OAKFIELD_REVIEW, id);
            assertThat(card.text())
                    .contains("Head teacher sign-off", text, "Ben Hughes, Oakfield", "Waiting for a decision");
            RecordedCall posted = slackPosts(
                            OAKFIELD_REVIEW,
                            c -> card.ts().equals(c.response().get("ts").getAsString()))
                    .get(0);
            assertThat(actionIds(posted.jsonParam("blocks").getAsJsonArray()))
                    .containsExactly("approvals.approve", "approvals.changes", "approvals.reject");
            assertThat(SLACK.reactions(OAKFIELD_REVIEW, card.ts()))
                    .as("the bot offers the reactions")
                    .containsKeys("white_check_mark", "x", "pencil2");

            // A teacher's ✅ and the author's own ✅ are not decisions: the card stays as it is.
            pushed(SLACK.payloads().reactionAdded(DAN, "white_check_mark", OAKFIELD_REVIEW, card.ts()));
            pushed(SLACK.payloads().reactionAdded(BEN, "white_check_mark", OAKFIELD_REVIEW, card.ts()));
            settle();
            assertThat(SLACK.calls("chat.update")).noneMatch(c -> card.ts().equals(c.param("ts")));
            assertThat(SLACK.message(OAKFIELD_REVIEW, card.ts()).orElseThrow().text())
                    .contains("Waiting for a decision");
            assertThat(dmTexts(DAN)).anySatisfy(t -> assertThat(t).contains("your decision was not counted"));
            assertThat(dmTexts(BEN))
                    .anySatisfy(t -> assertThat(t).contains("it is your own"))
                    .noneSatisfy(t -> assertThat(t).contains("is approved"));

            // The head teacher's ✅ approves: the card is edited in place and Ben gets the final copy by DM.
            pushed(SLACK.payloads().reactionAdded(AMARA, "white_check_mark", OAKFIELD_REVIEW, card.ts()));
            settle();
            RecordedCall update = SLACK.awaitCall("chat.update", c -> card.ts().equals(c.param("ts")), WAIT);
            assertThat(update.param("channel")).isEqualTo(OAKFIELD_REVIEW);
            assertThat(update.param("text")).contains("Approved by Amara Okafor");
            assertThat(SLACK.message(OAKFIELD_REVIEW, card.ts()).orElseThrow()).satisfies(m -> {
                assertThat(m.edited()).isTrue();
                assertThat(m.text()).contains("Approved by Amara Okafor");
            });
            assertThat(slackCards(OAKFIELD_REVIEW, id))
                    .as("edited, not posted again")
                    .hasSize(1);
            assertThat(SLACK.calls("conversations.open")).anyMatch(c -> c.ok() && BEN.equals(c.param("users")));
            assertThat(dmTexts(BEN))
                    .filteredOn(t -> t.contains("is approved by Amara Okafor"))
                    .singleElement()
                    .satisfies(t -> assertThat(t).contains("Draft #" + id + " (Oakfield)", text));
        }

        @Test
        @Order(2)
        void onDiscordADraftNeedsTwoOfHillcrestsLeadersPressingApprove() {
            String text = "Science week: Year 9 launched water rockets.";
            Dispatch command = DISCORD.push(DISCORD.events()
                    .slashCommand(HILLCREST_STAFFROOM, HARRY, "draft")
                    .subcommand("new")
                    .build());
            JsonNode modal = DISCORD.awaitInteractionCallback(command);
            assertThat(modal.get("type").asInt()).as("a modal").isEqualTo(9);
            assertThat(modal.get("data").get("title").asString()).isEqualTo("New post draft");
            assertThat(modal.get("data").get("components")).hasSize(5);
            String customId = modal.get("data").get("custom_id").asString();
            assertThat(customId).startsWith("drafts.new");

            Dispatch submit = DISCORD.push(DISCORD.events()
                    .modalSubmit(HILLCREST_STAFFROOM, HARRY, customId)
                    .textInput("text", text)
                    .stringSelect("target", "school")
                    .stringSelect("networks", "facebook")
                    .stringSelect("category", "event")
                    .textInput("date", "")
                    .build());
            JsonNode answer = DISCORD.awaitInteractionCallback(submit);
            assertThat(answer.get("data").get("flags").asInt() & 64).isEqualTo(64);
            long id = draftId(answer.get("data").get("content").asString());
            assertThat(answer.get("data").get("content").asString())
                    .contains("is with the approvers (Leadership sign-off (two of the team))");
            settle();

            FakeDiscord.StoredMessage card = discordCard(HILLCREST_REVIEW, id);
            assertThat(shown(card.json()))
                    .contains("Leadership sign-off", "Harry Jones, Hillcrest", "Approvals so far: 0 of 2");
            String approve = buttons(card).stream()
                    .filter(b -> b.startsWith("approvals.approve|"))
                    .findFirst()
                    .orElseThrow();
            assertThat(buttons(card)).hasSize(3);

            // Harry may not approve his own draft: told privately, nothing changes.
            Dispatch own = DISCORD.push(DISCORD.events().button(HILLCREST_REVIEW, HARRY, card.id(), approve));
            JsonNode refused = DISCORD.awaitInteractionCallback(own);
            assertThat(refused.get("data").get("flags").asInt() & 64).isEqualTo(64);
            assertThat(refused.get("data").get("content").asString())
                    .isEqualTo("You can’t decide on Draft #" + id
                            + " (Hillcrest): it is your own. Another approver must decide.");
            settle();
            assertThat(DISCORD.calls("PATCH", "channels/" + HILLCREST_REVIEW + "/messages/" + card.id()))
                    .isEmpty();

            // Grace: one of two. The stage stays open and the card says so.
            Dispatch grace = DISCORD.push(DISCORD.events().button(HILLCREST_REVIEW, GRACE, card.id(), approve));
            JsonNode graceAnswer = DISCORD.awaitInteractionCallback(grace);
            assertThat(graceAnswer.get("type").asInt()).isEqualTo(4);
            assertThat(graceAnswer.get("data").get("flags").asInt() & 64).isEqualTo(64);
            assertThat(graceAnswer.get("data").get("content").asString())
                    .isEqualTo("Your approval of Draft #" + id + " (Hillcrest) is recorded: 1 of 2 needed.");
            settle();
            assertThat(shown(DISCORD.message(HILLCREST_REVIEW, card.id())
                            .orElseThrow()
                            .json()))
                    .contains("Approvals so far: 1 of 2 needed (Grace Lin)");
            assertThat(discordDms(HARRY)).noneMatch(t -> t.contains("is approved"));

            // Omar: two of two. Approved; the card is edited in place and Harry gets the final copy by DM.
            Dispatch omar = DISCORD.push(DISCORD.events().button(HILLCREST_REVIEW, OMAR, card.id(), approve));
            assertThat(DISCORD.awaitInteractionCallback(omar)
                            .get("data")
                            .get("content")
                            .asString())
                    .isEqualTo("You approved Draft #" + id + " (Hillcrest).");
            settle();
            org.staffroom.testing.discord.RecordedCall edit =
                    DISCORD.calls("PATCH", "channels/" + HILLCREST_REVIEW + "/messages/" + card.id()).stream()
                            .reduce((a, b) -> b)
                            .orElseThrow();
            assertThat(shown(edit.body())).contains("Approved by Grace Lin, Omar Haddad");
            assertThat(edit.body().get("allowed_mentions").get("parse")).isEmpty();
            assertThat(discordCards(HILLCREST_REVIEW, id))
                    .as("edited, not posted again")
                    .hasSize(1);
            assertThat(DISCORD.calls("POST", "users/@me/channels"))
                    .anyMatch(c -> id(HARRY).equals(c.body().get("recipient_id").asString()));
            assertThat(discordDms(HARRY))
                    .filteredOn(t -> t.contains("is approved by"))
                    .singleElement()
                    .satisfies(t -> assertThat(t).contains("Draft #" + id + " (Hillcrest)", text));
        }

        @Test
        @Order(3)
        void aDraftNamingAPupilWithoutMediaConsentIsBlockedAndNoCardIsPosted() {
            int posts = slackPosts(OAKFIELD_REVIEW, c -> true).size();
            StoredView modal = openDraftModal(BEN);
            SLACK.pushInteractive(draftForm(modal, "Well done Zoë Adebayo for a wonderful poem in assembly!"))
                    .awaitAck(WAIT);

            String answer = SLACK.awaitCall(
                            "chat.postEphemeral",
                            c -> BEN.equals(c.param("user"))
                                    && c.param("text").contains("can’t go to the approvers yet"),
                            WAIT)
                    .param("text");
            assertThat(answer).contains("“Zoë Adebayo” is on the school’s no-media-consent list");
            settle();
            assertThat(slackPosts(OAKFIELD_REVIEW, c -> true)).hasSize(posts);
            assertThat(slackCards(OAKFIELD_REVIEW, draftId(answer))).isEmpty();
        }

        private StoredView openDraftModal(String user) {
            return Platforms.openDraftModal(SLACK, user, OAKFIELD_STAFFROOM, WAIT);
        }

        private JsonObject draftForm(StoredView modal, String text) {
            return SLACK.payloads()
                    .viewSubmission(BEN, "drafts.new")
                    .of(modal)
                    .plainText("text", "text", text)
                    .staticSelect("target", "target", "school", "Oakfield’s own accounts")
                    .multiStaticSelect("networks", "networks", Map.of("facebook", "Facebook"))
                    .staticSelect("category", "category", "event", "Event")
                    .datepicker("date", "date", null)
                    .build();
        }
    }

    // ================================================================== 2. question of the day

    @Nested
    @Order(3)
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    class QuestionOfTheDay {

        static final Instant SEVILLA_0815 = Instant.parse("2026-11-25T07:15:00Z"); // 08:15 in Madrid
        static final Instant LONDON_0815 = Instant.parse("2026-11-25T08:15:00Z");

        @Test
        @Order(1)
        void eachSchoolGetsTheQuestionOnceAt0815LocalOnItsOwnPlatformWithAThreadForAnswers() {
            tickAt(SEVILLA_0815.minusSeconds(60));
            assertThat(slackQuestions(OAKFIELD_QOTD)).isEmpty();
            assertThat(discordQuestions(SEVILLA_QOTD)).isEmpty();

            // 07:15 UTC: Sevilla only, in Spanish, with a thread for the answers; a second tick changes nothing.
            tickAt(SEVILLA_0815);
            tickAt(SEVILLA_0815.plusSeconds(30));
            FakeDiscord.StoredMessage sevilla = single(discordQuestions(SEVILLA_QOTD));
            assertThat(sevilla.content()).startsWith("¡Buenos días, Sevilla! Pregunta del día:\n**");
            assertThat(shown(sevilla.json())).contains("Responde en el hilo.");
            org.staffroom.testing.discord.RecordedCall thread =
                    DISCORD.awaitCall("POST", "channels/" + SEVILLA_QOTD + "/messages/" + sevilla.id() + "/threads");
            assertThat(thread.body().get("name").asString()).isEqualTo("Respuestas · mié 25 nov");
            assertThat(DISCORD.channel(sevilla.id()))
                    .as("the thread has the question's id")
                    .isPresent();
            assertThat(slackQuestions(OAKFIELD_QOTD)).isEmpty();
            assertThat(slackQuestions(RIVERSIDE_QOTD)).isEmpty();
            assertThat(discordQuestions(HILLCREST_QOTD)).isEmpty();

            // 08:15 UTC: Oakfield and Riverside on Slack, Hillcrest on Discord; once each across two ticks.
            tickAt(LONDON_0815);
            tickAt(LONDON_0815.plusSeconds(30));
            // Sevilla got the question's Spanish text; the English schools get the same question in English.
            String spanish = sevilla.content()
                    .substring(
                            sevilla.content().indexOf("**") + 2,
                            sevilla.content().lastIndexOf("**"));
            String question = trustConfig.get().questions().stream()
                    .filter(q -> spanish.equals(q.translations().getOrDefault("es", q.text())))
                    .findFirst()
                    .orElseThrow()
                    .text();
            for (String channel : List.of(OAKFIELD_QOTD, RIVERSIDE_QOTD)) {
                StoredMessage q = single(slackQuestions(channel));
                String school = channel.equals(OAKFIELD_QOTD) ? "Oakfield" : "Riverside";
                assertThat(q.text()).startsWith("Good morning, " + school + "! Question of the day:\n" + question);
                assertThat(slackPosts(channel, c -> true)).hasSize(1);
            }
            FakeDiscord.StoredMessage hillcrest = single(discordQuestions(HILLCREST_QOTD));
            assertThat(hillcrest.content())
                    .isEqualTo("Good morning, Hillcrest! Question of the day:\n**" + question + "**\n"
                            + "-# Answer in the thread. Answers from every school appear here as they come in.");
            assertThat(DISCORD.calls("POST", "channels/" + HILLCREST_QOTD + "/messages/" + hillcrest.id() + "/threads"))
                    .hasSize(1);
            assertThat(discordQuestions(SEVILLA_QOTD)).hasSize(1);
            assertThat(DISCORD.calls("POST", "channels/" + SEVILLA_QOTD + "/messages"))
                    .hasSize(1);
        }

        @Test
        @Order(2)
        void answersAreRelayedLiveBetweenSlackAndDiscordThreadsAndFollowEditsAndDeletions() {
            StoredMessage oakfield = single(slackQuestions(OAKFIELD_QOTD));
            StoredMessage riverside = single(slackQuestions(RIVERSIDE_QOTD));
            long hillcrest = single(discordQuestions(HILLCREST_QOTD)).id();
            long sevilla = single(discordQuestions(SEVILLA_QOTD)).id();

            // Ben answers in Oakfield's Slack thread: Riverside's Slack thread and both Discord threads get a copy.
            String words = "A walk round the field with <@" + AMARA + "> @everyone";
            JsonObject ben = SLACK.payloads().threadReply(OAKFIELD_QOTD, BEN, words, oakfield.ts());
            pushed(ben);
            settle();
            StoredMessage toRiverside = single(slackReplies(RIVERSIDE_QOTD, riverside.ts(), "Ben Hughes (Oakfield)"));
            assertThat(toRiverside.text())
                    .as("Slack's @everyone is kept from pinging with a word joiner")
                    .isEqualTo("Ben Hughes (Oakfield): A walk round the field with @Amara Okafor @\u2060everyone");
            assertThat(toRiverside.threadTs()).isEqualTo(riverside.ts());
            for (long thread : List.of(hillcrest, sevilla)) {
                FakeDiscord.StoredMessage copy = single(discordReplies(thread, "Ben Hughes (Oakfield)"));
                assertThat(copy.content())
                        .isEqualTo(
                                "**Ben Hughes (Oakfield)**: A walk round the field with @Amara Okafor @\u200Beveryone");
                assertThat(copy.json().get("mention_everyone").asBoolean()).isFalse();
                org.staffroom.testing.discord.RecordedCall post =
                        DISCORD.calls("POST", "channels/" + thread + "/messages").stream()
                                .filter(c -> c.status() == 200
                                        && c.body().get("content").asString().contains("Ben Hughes"))
                                .findFirst()
                                .orElseThrow();
                assertThat(post.body().get("allowed_mentions").get("parse"))
                        .as("no pings")
                        .isEmpty();
            }
            assertThat(slackReplies(OAKFIELD_QOTD, oakfield.ts(), "Ben Hughes"))
                    .as("not back into its own thread")
                    .isEmpty();

            // Harry answers in Hillcrest's Discord thread: both Slack threads and Sevilla's thread get a copy.
            // (Discord writes a mention as <@id>; it reaches Slack as the name, as a Slack mention reaches Discord.)
            Dispatch harry = DISCORD.push(DISCORD.events()
                    .message(hillcrest, HARRY, "Marking in the lab with <@" + GRACE + "> and the radio on")
                    .mentions(GRACE)
                    .build());
            settle();
            for (StoredMessage q : List.of(oakfield, riverside)) {
                StoredMessage copy = single(slackReplies(q.channel(), q.ts(), "Harry Jones (Hillcrest)"));
                assertThat(copy.text())
                        .isEqualTo("Harry Jones (Hillcrest): Marking in the lab with @Grace Lin and the radio on");
                RecordedCall post = SLACK.calls("chat.postMessage").stream()
                        .filter(c -> c.ok()
                                && copy.ts().equals(c.response().get("ts").getAsString()))
                        .findFirst()
                        .orElseThrow();
                assertThat(post.param("thread_ts")).isEqualTo(q.ts());
            }
            assertThat(single(discordReplies(sevilla, "Harry Jones (Hillcrest)"))
                            .content())
                    .isEqualTo("**Harry Jones (Hillcrest)**: Marking in the lab with @Grace Lin and the radio on");
            assertThat(discordReplies(hillcrest, "Harry Jones")).isEmpty();

            // Ben edits on Slack (message_changed): every copy follows, in each school's language.
            pushed(SLACK.payloads().messageChanged(OAKFIELD_QOTD, ts(ben), "A walk round the school field"));
            settle();
            assertThat(SLACK.awaitCall("chat.update", c -> toRiverside.ts().equals(c.param("ts")), WAIT)
                            .param("text"))
                    .isEqualTo("Ben Hughes (Oakfield): A walk round the school field (edited)");
            assertThat(single(discordReplies(hillcrest, "Ben Hughes")).content())
                    .isEqualTo("**Ben Hughes (Oakfield)**: A walk round the school field *(edited)*");
            assertThat(single(discordReplies(sevilla, "Ben Hughes")).content())
                    .isEqualTo("**Ben Hughes (Oakfield)**: A walk round the school field *(editado)*");

            // Harry edits on Discord (MESSAGE_UPDATE): the Slack copies are updated in place.
            DISCORD.push(DISCORD.events().messageUpdate(hillcrest, harry.id(), "Marking in the lab with Radio 3 on"));
            settle();
            for (StoredMessage q : List.of(oakfield, riverside)) {
                StoredMessage copy = single(slackReplies(q.channel(), q.ts(), "Harry Jones (Hillcrest)"));
                assertThat(copy.text())
                        .isEqualTo("Harry Jones (Hillcrest): Marking in the lab with Radio 3 on (edited)");
                assertThat(copy.edited()).isTrue();
            }

            // Ben deletes on Slack (message_deleted), Harry on Discord (MESSAGE_DELETE): the copies go.
            pushed(SLACK.payloads().messageDeleted(OAKFIELD_QOTD, ts(ben)));
            DISCORD.push(DISCORD.events().messageDelete(hillcrest, harry.id()));
            settle();
            assertThat(slackReplies(RIVERSIDE_QOTD, riverside.ts(), "Ben Hughes"))
                    .isEmpty();
            assertThat(SLACK.calls("chat.delete"))
                    .anyMatch(c -> toRiverside.ts().equals(c.param("ts")));
            for (StoredMessage q : List.of(oakfield, riverside)) {
                assertThat(slackReplies(q.channel(), q.ts(), "Harry Jones"))
                        .as(q.channel())
                        .isEmpty();
            }
            for (long thread : List.of(hillcrest, sevilla))
                assertThat(discordReplies(thread, "Ben Hughes")).isEmpty();
            assertThat(discordReplies(sevilla, "Harry Jones")).isEmpty();
            assertThat(DISCORD.calls("DELETE", "channels/" + sevilla + "/messages/*"))
                    .hasSize(2);
        }

        @Test
        @Order(3)
        void aCoordinatorsQotdNowOnSlackPostsEverywhereAndATeachersOnDiscordIsRefusedPrivately() {
            String question = "What made you smile this week?";
            long started = System.nanoTime();
            Envelope now = SLACK.pushSlashCommand(
                    SLACK.payloads().slashCommand("/qotd", "now " + question, FARID, OAKFIELD_STAFFROOM));
            Ack ack = now.awaitAck(WAIT);
            assertThat(Duration.ofNanos(System.nanoTime() - started))
                    .as("acknowledged within Slack's 3 s")
                    .isLessThan(Duration.ofSeconds(3));
            assertThat(ack.payload()).isNotNull();
            assertThat(ack.payload().get("text").getAsString())
                    .isEqualTo("Posted to Oakfield, Riverside, Hillcrest, Sevilla.");
            settle();
            assertThat(single(slackQuestions(OAKFIELD_QOTD, question)).text())
                    .startsWith("Oakfield, a question from Farid Rahman:\n" + question);
            assertThat(slackQuestions(RIVERSIDE_QOTD, question)).hasSize(1);
            assertThat(single(discordQuestions(HILLCREST_QOTD, question)).content())
                    .startsWith(
                            "Hillcrest, a question from Farid Rahman:\n**" + question + "**\n-# Answer in the thread.");
            assertThat(single(discordQuestions(SEVILLA_QOTD, question)).content())
                    .startsWith(
                            "Sevilla, una pregunta de Farid Rahman:\n**" + question + "**\n-# Responde en el hilo.");

            String biscuit = "What is the best biscuit?";
            Dispatch refused = DISCORD.push(DISCORD.events()
                    .slashCommand(HILLCREST_STAFFROOM, HARRY, "qotd")
                    .subcommand("now")
                    .option("text", biscuit)
                    .build());
            JsonNode answer = DISCORD.awaitInteractionCallback(refused);
            assertThat(answer.get("type").asInt()).isEqualTo(4);
            assertThat(answer.get("data").get("flags").asInt() & 64).isEqualTo(64);
            assertThat(answer.get("data").get("content").asString())
                    .isEqualTo("Only coordinators can use /qotd now. To suggest a question, use /qotd suggest.");
            settle();
            for (String channel : List.of(OAKFIELD_QOTD, RIVERSIDE_QOTD))
                assertThat(slackQuestions(channel, biscuit)).isEmpty();
            for (long channel : List.of(HILLCREST_QOTD, SEVILLA_QOTD))
                assertThat(discordQuestions(channel, biscuit)).isEmpty();
        }

        private List<StoredMessage> slackQuestions(String channel) {
            return slackQuestions(channel, "Question of the day:");
        }

        private List<StoredMessage> slackQuestions(String channel, String containing) {
            return slackBotMessages(channel).stream()
                    .filter(m -> m.text().contains(containing))
                    .toList();
        }

        private List<FakeDiscord.StoredMessage> discordQuestions(long channel) {
            return discordQuestions(channel, "el día:").isEmpty()
                    ? discordQuestions(channel, "Question of the day:")
                    : discordQuestions(channel, "el día:");
        }

        private List<FakeDiscord.StoredMessage> discordQuestions(long channel, String containing) {
            return discordBotMessages(channel).stream()
                    .filter(m -> m.content().contains(containing))
                    .toList();
        }

        /** The bot's replies in a Slack thread that contain {@code containing}. */
        private List<StoredMessage> slackReplies(String channel, String threadTs, String containing) {
            return SLACK.thread(channel, threadTs).stream()
                    .filter(StoredMessage::isThreadReply)
                    .filter(m -> m.botId() != null && m.text().contains(containing))
                    .toList();
        }

        /** The bot's messages in a Discord thread that contain {@code containing}. */
        private List<FakeDiscord.StoredMessage> discordReplies(long thread, String containing) {
            return discordBotMessages(thread).stream()
                    .filter(m -> m.content().contains(containing))
                    .toList();
        }
    }

    // ================================================================== 5. duplicates and ordering

    @Nested
    @Order(4)
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    class DuplicatesAndOrdering {

        @Test
        @Order(1)
        void aSlackEnvelopeDeliveredFourTimesAroundAnEditIsHandledOnceAndTheEditStands() {
            tickAt(Instant.parse(
                    "2026-11-25T09:00:00Z")); // today's questions are out (posted once, whoever ticked first)
            StoredMessage riverside = todaysSlackQuestion(RIVERSIDE_QOTD);
            JsonObject answer = SLACK.payloads()
                    .eventCallback(SLACK.payloads()
                            .threadReply(RIVERSIDE_QOTD, DAN, "Tea with my team after the bell", riverside.ts()));
            String answerTs = answer.getAsJsonObject("event").get("ts").getAsString();

            // Slack retries an event it thinks was lost: retry_attempt 0, then (after the author's edit) 1, 2 and 3.
            List<Envelope> deliveries = new ArrayList<>();
            deliveries.add(SLACK.push("events_api", answer, 0, ""));
            deliveries.get(0).awaitAck(WAIT);
            settle();
            pushed(SLACK.payloads()
                    .messageChanged(RIVERSIDE_QOTD, answerTs, "Tea and biscuits with my team after the bell"));
            settle();
            for (int attempt = 1; attempt <= 3; attempt++) {
                Envelope retry = SLACK.push("events_api", answer, attempt, "http_timeout");
                assertThat(retry.retryAttempt()).isEqualTo(attempt);
                deliveries.add(retry);
            }
            deliveries.forEach(e -> e.awaitAck(WAIT));
            settle();

            assertThat(deliveries)
                    .as("every delivery is acknowledged, so Slack stops retrying")
                    .allMatch(Envelope::acked);
            assertThat(seen.of(
                            ChatEvent.MessagePosted.class, m -> m.message().id().equals(answerTs)))
                    .hasSize(1);
            StoredMessage oakfield = todaysSlackQuestion(OAKFIELD_QOTD);
            assertThat(SLACK.thread(OAKFIELD_QOTD, oakfield.ts()))
                    .filteredOn(m -> m.text().contains("Dan Whitfield"))
                    .singleElement()
                    .satisfies(
                            m -> assertThat(m.text())
                                    .isEqualTo(
                                            "Dan Whitfield (Riverside): Tea and biscuits with my team after the bell (edited)"));
            for (long channel : List.of(HILLCREST_QOTD, SEVILLA_QOTD)) {
                long thread = todaysDiscordQuestion(channel).id();
                assertThat(discordBotMessages(thread))
                        .filteredOn(m -> m.content().contains("Dan Whitfield"))
                        .singleElement()
                        .satisfies(m ->
                                assertThat(m.content()).startsWith("**Dan Whitfield (Riverside)**: Tea and biscuits"));
                assertThat(DISCORD.calls("POST", "channels/" + thread + "/messages").stream()
                                .filter(c -> c.body().get("content").asString().contains("Dan Whitfield")))
                        .hasSize(1);
            }
        }

        @Test
        @Order(2)
        void aSlashCommandEnvelopeDeliveredFourTimesPostsOnce() {
            String question = "Which book are you reading this week?";
            JsonObject command = SLACK.payloads()
                    .slashCommand("/qotd", "now --schools riverside,hillcrest " + question, FARID, OAKFIELD_STAFFROOM);
            Envelope first = SLACK.push("slash_commands", command, 0, "");
            assertThat(first.awaitAck(WAIT).payload().get("text").getAsString())
                    .isEqualTo("Posted to Riverside, Hillcrest.");
            for (int attempt = 1; attempt <= 3; attempt++)
                SLACK.push("slash_commands", command, attempt, "timeout").awaitAck(WAIT);
            settle();

            assertThat(seen.of(ChatEvent.CommandInvoked.class, c -> c.text().contains(question)))
                    .hasSize(1);
            assertThat(slackBotMessages(RIVERSIDE_QOTD))
                    .filteredOn(m -> m.text().contains(question))
                    .hasSize(1);
            assertThat(discordBotMessages(HILLCREST_QOTD))
                    .filteredOn(m -> m.content().contains(question))
                    .hasSize(1);
            assertThat(slackBotMessages(OAKFIELD_QOTD)).noneMatch(m -> m.text().contains(question));
        }

        @Test
        @Order(3)
        void discordDispatchesDeliveredTwiceAroundAnEditAreHandledOnce() {
            clock.set(Instant.parse("2026-11-25T09:10:00Z"));
            long sevilla = todaysDiscordQuestion(SEVILLA_QOTD).id();
            Dispatch answer = DISCORD.push(
                    DISCORD.events()
                            .message(sevilla, JAVIER, "Un café con los compañeros")
                            .build(),
                    2);
            settle();
            // A resumed session may replay a create after the update that followed it.
            DISCORD.push(
                    DISCORD.events().messageUpdate(sevilla, answer.id(), "Un café con los compañeros de ciencias"), 2);
            settle();
            DISCORD.push(answer);
            settle();

            assertThat(seen.of(
                            ChatEvent.MessagePosted.class, m -> m.message().id().equals(id(answer.id()))))
                    .hasSize(1);
            for (String channel : List.of(OAKFIELD_QOTD, RIVERSIDE_QOTD)) {
                StoredMessage q = todaysSlackQuestion(channel);
                assertThat(SLACK.thread(channel, q.ts()))
                        .filteredOn(m -> m.text().contains("Javier Moreno"))
                        .singleElement()
                        .satisfies(m -> assertThat(m.text())
                                .isEqualTo("Javier Moreno (Sevilla): Un café con los compañeros de ciencias (edited)"));
                assertThat(slackPosts(channel, c -> c.param("text").contains("Javier Moreno")))
                        .hasSize(1);
            }
            long hillcrest = todaysDiscordQuestion(HILLCREST_QOTD).id();
            assertThat(discordBotMessages(hillcrest))
                    .filteredOn(m -> m.content().contains("Javier Moreno"))
                    .hasSize(1);

            // An interaction dispatched twice is answered once and acts once.
            String question = "¿Qué libro recomendarías?";
            Dispatch now = DISCORD.push(
                    DISCORD.events()
                            .slashCommand(SEVILLA_STAFFROOM, ISABEL, "qotd")
                            .subcommand("now")
                            .option("text", question)
                            .build(),
                    2);
            assertThat(DISCORD.awaitInteractionCallback(now)
                            .get("data")
                            .get("content")
                            .asString())
                    .isEqualTo("Publicada en Sevilla.");
            settle();
            assertThat(DISCORD.calls("POST", "interactions/" + id(now.id()) + "/*/callback"))
                    .hasSize(1);
            assertThat(discordBotMessages(SEVILLA_QOTD))
                    .filteredOn(m -> m.content().contains(question))
                    .singleElement()
                    .satisfies(m -> assertThat(m.content()).startsWith("Sevilla, una pregunta de Isabel García:"));
        }

        private StoredMessage todaysSlackQuestion(String channel) {
            return single(slackBotMessages(channel).stream()
                    .filter(m -> m.text().contains("Question of the day:"))
                    .toList());
        }

        private FakeDiscord.StoredMessage todaysDiscordQuestion(long channel) {
            return single(discordBotMessages(channel).stream()
                    .filter(m -> m.content().contains("Question of the day:")
                            || m.content().contains("Pregunta del día:"))
                    .toList());
        }
    }

    // ================================================================== 4. PD chat across platforms

    @Nested
    @Order(5)
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    class PdChatAcrossPlatforms {

        static final String Q1 =
                "Q1/5 What does feedback that pupils actually act on look like in your classroom? #NWTchat";

        @Test
        @Order(1)
        void theWeeklyChatRunsInAllFourPdChannelsAndAnswersCrossBetweenSlackAndDiscordOnce() {
            // Tuesday 1 December, 19:00 in London (GMT): the intro and Q1 everywhere, once across two ticks.
            tickAt(Instant.parse("2026-12-01T19:00:00Z"));
            tickAt(Instant.parse("2026-12-01T19:00:30Z"));
            for (String channel : List.of(OAKFIELD_PD, RIVERSIDE_PD)) {
                assertThat(slackBotMessages(channel))
                        .filteredOn(m -> m.text().contains("Welcome to #NWTchat"))
                        .hasSize(1);
                assertThat(slackBotMessages(channel))
                        .filteredOn(m -> m.text().startsWith("Q1/5"))
                        .singleElement()
                        .satisfies(m -> assertThat(m.text()).isEqualTo(Q1));
            }
            for (long channel : List.of(HILLCREST_PD, SEVILLA_PD)) {
                assertThat(discordBotMessages(channel))
                        .filteredOn(m ->
                                m.content().contains("#NWTchat") && m.content().contains("👋"))
                        .hasSize(1);
                FakeDiscord.StoredMessage q1 = single(discordQ1(channel));
                assertThat(q1.content())
                        .isEqualTo(
                                "**Q1/5** What does feedback that pupils actually act on look like in your classroom? #NWTchat");
                assertThat(DISCORD.calls("POST", "channels/" + channel + "/messages/" + q1.id() + "/threads"))
                        .hasSize(1);
            }
            assertThat(single(discordBotMessages(SEVILLA_PD).stream()
                                    .filter(m -> m.content().contains("👋"))
                                    .toList())
                            .content())
                    .contains("¡Bienvenidos a #NWTchat");

            // Slack → everywhere: Ben's A1 at Oakfield reaches Riverside (Slack), Hillcrest and Sevilla (Discord),
            // once,
            // though Slack delivers the envelope again (the same frame, and a retry).
            clock.set(Instant.parse("2026-12-01T19:02:00Z"));
            String a1 = "A1: Pupils redo one question after feedback #NWTchat";
            Envelope ben = pushed(SLACK.payloads().message(OAKFIELD_PD, BEN, a1));
            SLACK.resendSameEnvelope(ben.id());
            SLACK.redeliver(ben.id(), "timeout").awaitAck(WAIT);
            settle();
            String benLine = "Ben Hughes (Oakfield): " + a1;
            assertThat(slackBotMessages(RIVERSIDE_PD))
                    .filteredOn(m -> m.text().contains("Ben Hughes"))
                    .singleElement()
                    .satisfies(m -> assertThat(m.text()).isEqualTo(benLine));
            for (long channel : List.of(HILLCREST_PD, SEVILLA_PD)) {
                assertThat(discordBotMessages(channel))
                        .filteredOn(m -> m.content().contains("Ben Hughes"))
                        .singleElement()
                        .satisfies(m -> assertThat(m.content()).isEqualTo(benLine));
            }
            assertThat(slackBotMessages(OAKFIELD_PD)).noneMatch(m -> m.text().contains("Ben Hughes"));

            // Discord → everywhere: Javier replies in Q1's thread at Sevilla; the dispatch arrives twice.
            clock.set(Instant.parse("2026-12-01T19:03:00Z"));
            long sevillaQ1 = single(discordQ1(SEVILLA_PD)).id();
            DISCORD.push(
                    DISCORD.events()
                            .message(sevillaQ1, JAVIER, "Feedback en voz alta, y luego lo reescriben")
                            .build(),
                    2);
            settle();
            String javierLine = "Javier Moreno (Sevilla): Feedback en voz alta, y luego lo reescriben";
            for (String channel : List.of(OAKFIELD_PD, RIVERSIDE_PD)) {
                assertThat(slackBotMessages(channel))
                        .filteredOn(m -> m.text().contains("Javier Moreno"))
                        .singleElement()
                        .satisfies(m -> assertThat(m.text()).isEqualTo(javierLine));
                assertThat(slackPosts(channel, c -> c.param("text").contains("Javier Moreno")))
                        .hasSize(1);
            }
            assertThat(discordBotMessages(HILLCREST_PD))
                    .filteredOn(m -> m.content().contains("Javier Moreno"))
                    .singleElement()
                    .satisfies(m -> assertThat(m.content()).isEqualTo(javierLine));
            assertThat(discordBotMessages(sevillaQ1))
                    .as("nothing echoed into its own thread")
                    .isEmpty();
            assertThat(discordBotMessages(SEVILLA_PD))
                    .noneMatch(m -> m.content().contains("Javier Moreno"));

            // A reply in Q1's Slack thread at Riverside counts for Q1 and reaches the other three channels.
            clock.set(Instant.parse("2026-12-01T19:04:00Z"));
            StoredMessage riversideQ1 = single(slackBotMessages(RIVERSIDE_PD).stream()
                    .filter(m -> m.text().startsWith("Q1/5"))
                    .toList());
            pushed(SLACK.payloads().threadReply(RIVERSIDE_PD, DAN, "Whole-class feedback sheets", riversideQ1.ts()));
            settle();
            String danLine = "Dan Whitfield (Riverside): Whole-class feedback sheets";
            assertThat(slackBotMessages(OAKFIELD_PD))
                    .filteredOn(m -> m.text().contains("Dan Whitfield"))
                    .singleElement()
                    .satisfies(m -> assertThat(m.text()).isEqualTo(danLine));
            for (long channel : List.of(HILLCREST_PD, SEVILLA_PD)) {
                assertThat(discordBotMessages(channel))
                        .filteredOn(m -> m.content().contains("Dan Whitfield"))
                        .singleElement()
                        .satisfies(m -> assertThat(m.content()).isEqualTo(danLine));
            }
        }

        /**
         * Slack takes messages of up to 40,000 characters. One that long (a pasted document with a long
         * unbroken run, the input that made the tag scan quadratic) is captured and its copies cut; an
         * answer at another school (Discord) and the next one at the same school, sent right after it,
         * are relayed at once, not after it: the inbound scan is linear in the message's length.
         */
        @Test
        @Order(2)
        void aFortyThousandCharacterMessageDelaysNoOtherAnswer() {
            clock.set(Instant.parse("2026-12-01T19:06:00Z"));
            String pasted =
                    "A2 Our marking policy, pasted in full #NWTchat " + "feedback, then redrafting. ".repeat(700);
            String huge = pasted + "x".repeat(40_000 - pasted.length());
            assertThat(huge).hasSize(40_000);
            long start = System.nanoTime();
            SLACK.pushEvent(SLACK.payloads().message(OAKFIELD_PD, BEN, huge));
            String amara = "A2 Sentence stems for peer feedback #NWTchat";
            String harry = "A2 Green pen redrafts #NWTchat";
            SLACK.pushEvent(SLACK.payloads().message(OAKFIELD_PD, AMARA, amara));
            DISCORD.push(DISCORD.events().message(HILLCREST_PD, HARRY, harry).build());

            await().atMost(WAIT)
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> slackBotMessages(OAKFIELD_PD).stream()
                            .anyMatch(m -> m.text().contains("Harry Jones (Hillcrest): " + harry)));
            double otherChannelMs = (System.nanoTime() - start) / 1e6;
            await().atMost(WAIT)
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> discordBotMessages(SEVILLA_PD).stream()
                            .anyMatch(m -> m.content().contains("Amara Okafor (Oakfield): " + amara)));
            double sameChannelMs = (System.nanoTime() - start) / 1e6;
            assertThat(otherChannelMs)
                    .as("ms until Hillcrest's answer reached Oakfield")
                    .isLessThan(3_000);
            assertThat(sameChannelMs)
                    .as("ms until Oakfield's next answer reached Sevilla")
                    .isLessThan(3_000);

            // Riverside gets three copies at once (Ben's, Amara's, Harry's) and Slack's pace lets two
            // through in a burst: the third goes a second later in business time.
            tickAt(Instant.parse("2026-12-01T19:06:05Z"));
            String copy = single(discordBotMessages(HILLCREST_PD).stream()
                            .filter(m -> m.content().contains("pasted in full"))
                            .toList())
                    .content();
            assertThat(copy)
                    .startsWith("Ben Hughes (Oakfield): A2 Our marking policy, pasted in full #NWTchat")
                    .endsWith("…")
                    .hasSizeLessThan(1_000);
            assertThat(slackBotMessages(RIVERSIDE_PD))
                    .filteredOn(m -> m.text().contains("pasted in full"))
                    .singleElement()
                    .satisfies(m -> assertThat(m.text()).hasSizeLessThan(1_000));
        }

        private List<FakeDiscord.StoredMessage> discordQ1(long channel) {
            return discordBotMessages(channel).stream()
                    .filter(m -> m.content().startsWith("**Q1/5**"))
                    .toList();
        }
    }

    // ================================================================== helpers

    @Override
    protected void settle() {
        Platforms.settle(inbound, chat, WAIT);
    }

    static Envelope pushed(JsonObject event) {
        return Platforms.pushed(SLACK, event, WAIT);
    }

    static List<StoredMessage> slackBotMessages(String channel) {
        return SLACK.messages(channel).stream().filter(m -> m.botId() != null).toList();
    }

    static List<RecordedCall> slackPosts(String channel, Predicate<RecordedCall> match) {
        return SLACK.calls("chat.postMessage").stream()
                .filter(c -> c.ok() && channel.equals(c.param("channel")))
                .filter(match)
                .toList();
    }

    static List<FakeDiscord.StoredMessage> discordBotMessages(long channel) {
        return DISCORD.messages(channel).stream()
                .filter(m -> m.authorId() == DISCORD.botId())
                .toList();
    }

    static List<StoredMessage> slackCards(String channel, long draftId) {
        return slackBotMessages(channel).stream()
                .filter(m -> m.text().contains("Draft #" + draftId + " "))
                .toList();
    }

    static StoredMessage slackCard(String channel, long draftId) {
        List<StoredMessage> cards = slackCards(channel, draftId);
        assertThat(cards).as("the card of draft %s in %s", draftId, channel).hasSize(1);
        return cards.get(0);
    }

    /** What the bot said to {@code user} in their Slack DM. */
    static List<String> dmTexts(String user) {
        return slackBotMessages(SLACK.dmChannel(user)).stream()
                .map(StoredMessage::text)
                .toList();
    }

    static List<FakeDiscord.StoredMessage> discordCards(long channel, long draftId) {
        return discordBotMessages(channel).stream()
                .filter(m -> m.content().contains("Draft #" + draftId + " "))
                .toList();
    }

    static FakeDiscord.StoredMessage discordCard(long channel, long draftId) {
        List<FakeDiscord.StoredMessage> cards = discordCards(channel, draftId);
        assertThat(cards).as("the card of draft %s in %s", draftId, channel).hasSize(1);
        return cards.get(0);
    }

    /** What the bot said to {@code user} in their Discord DM. */
    static List<String> discordDms(long user) {
        return discordBotMessages(DISCORD.dmChannel(user)).stream()
                .map(m -> shown(m.json()))
                .toList();
    }

    static <T> T single(List<T> items) {
        assertThat(items).hasSize(1);
        return items.get(0);
    }

    static String ts(JsonObject event) {
        return event.get("ts").getAsString();
    }

    /** The last group: the application stops with it, before other test classes run. */
    @Nested
    @Order(Integer.MAX_VALUE)
    @DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
    class Finally {
        @Test
        void nothingWasLeftUnacknowledgedOrUnanswered() {
            settle();
            assertThat(SLACK.unacked()).isEmpty();
            assertThat(DISCORD.unmatchedCalls()).isEmpty();
            assertThat(jdbc.sql("select idempotency_key || ': ' || error from delivery where state = 'FAILED'")
                            .query(String.class)
                            .list())
                    .as("deliveries that failed for good")
                    .isEmpty();
            assertThat(inbound.backlog()).isZero();
        }
    }
}
