package org.staffroom.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.staffroom.slack.SlackTrust.*;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.event.EventListener;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;
import org.staffroom.chat.Attachment;
import org.staffroom.chat.ChannelRef;
import org.staffroom.chat.Chat;
import org.staffroom.chat.ChatEvent;
import org.staffroom.chat.CommandSpec;
import org.staffroom.chat.Connectors;
import org.staffroom.chat.Delivery;
import org.staffroom.chat.Destination;
import org.staffroom.chat.Form;
import org.staffroom.chat.InboundEvents;
import org.staffroom.chat.Message;
import org.staffroom.chat.MessageRef;
import org.staffroom.chat.Rich;
import org.staffroom.chat.UserRef;
import org.staffroom.chat.spi.ConnectorStatus;
import org.staffroom.chat.spi.OutboundPost;
import org.staffroom.config.Platform;
import org.staffroom.config.Role;
import org.staffroom.testing.FormFields;
import org.staffroom.testing.StaffroomEndToEnd;
import org.staffroom.testing.StaffroomTest;
import org.staffroom.testing.slack.Ack;
import org.staffroom.testing.slack.Envelope;
import org.staffroom.testing.slack.FakeSlack;
import org.staffroom.testing.slack.FakeUser;
import org.staffroom.testing.slack.RecordedCall;
import org.staffroom.testing.slack.ResponseUrlPost;
import org.staffroom.testing.slack.StoredMessage;
import org.staffroom.testing.slack.StoredView;

/**
 * The Slack adapter end to end in Socket Mode: the whole application with the real Bolt app
 * connected to a loopback Slack ({@link FakeSlack}) through {@code staffroom.slack.*}. Slack's
 * payloads go in over the socket and must reach the core as chat events with the right person
 * and school; what the core sends must reach Slack in the shapes Slack documents; faults
 * (duplicates, 429s, dropped sockets, disconnects) must change nothing.
 */
@StaffroomTest
@Import({SlackSocketModeTest.Wiring.class, SlackTrust.Recorder.class})
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class SlackSocketModeTest extends StaffroomEndToEnd {

    static final FakeSlack SLACK = startRateLimited();

    /** Slack answers the first apps.connections.open with a 429, as it does when connections come too fast. */
    private static FakeSlack startRateLimited() {
        FakeSlack fake = SlackTrust.fake().start();
        fake.rateLimitNext("apps.connections.open", 1, 1);
        return fake;
    }

    @DynamicPropertySource
    static void slack(DynamicPropertyRegistry r) {
        SlackTrust.socketMode(r, SLACK, "500ms");
    }

    @TestConfiguration
    static class Wiring {
        /** Closed with the context, after Socket Mode has stopped. */
        @Bean(destroyMethod = "close")
        FakeSlack fakeSlack() {
            return SLACK;
        }

        @Bean
        CommandSpec.MessageAction keepAction() {
            return new CommandSpec.MessageAction("test.keep", "help.description");
        }

        @Bean
        Answers slackTestAnswers(Chat chat) {
            return new Answers(chat);
        }
    }

    /** A stand-in feature: answers buttons, forms, shortcuts and the Home tab through the port. */
    static class Answers {
        private final Chat chat;

        Answers(Chat chat) {
            this.chat = chat;
        }

        @EventListener
        void on(ChatEvent.ButtonPressed e) {
            if ("test.form".equals(e.actionId())) chat.openForm(e.interaction(), reviewForm(e.value()));
            if ("test.answer".equals(e.actionId()))
                chat.respond(e.interaction(), Message.of("Noted, " + e.actor().displayName()));
        }

        @EventListener
        void on(ChatEvent.FormSubmitted e) {
            if ("test.review".equals(e.formId()))
                chat.respond(e.interaction(), Message.of("Thanks for reviewing " + e.context()));
        }

        @EventListener
        void on(ChatEvent.MessageActionInvoked e) {
            chat.openForm(
                    e.interaction(),
                    new Form(
                            "test.keep",
                            "Keep this",
                            "Keep",
                            e.target().key(),
                            List.of(FormFields.choices(
                                    "consent",
                                    "Parents agreed",
                                    Form.FormField.Kind.CHECKBOX,
                                    true,
                                    List.of(),
                                    List.of()))));
        }

        @EventListener
        void on(ChatEvent.HomeOpened e) {
            chat.publishHome(
                    e.actor().user(),
                    Message.of(Rich.empty()
                                    .bold("Welcome back")
                                    .text(", " + e.actor().displayName()))
                            .withButton(Message.Button.of("test.answer", "Say hello", "home")));
        }
    }

    static Form reviewForm(String draft) {
        return new Form(
                "test.review",
                "Review a draft",
                "Send",
                draft,
                List.of(
                        Form.FormField.text("title", "Title", true, "Sports day", 80),
                        Form.FormField.longText("why", "Why", false, null, 500),
                        FormFields.choices(
                                "school",
                                "School",
                                Form.FormField.Kind.SELECT,
                                true,
                                List.of(
                                        new Form.Choice("oakfield", "Oakfield"),
                                        new Form.Choice("riverside", "Riverside")),
                                List.of("riverside")),
                        FormFields.choices(
                                "tags",
                                "Tags",
                                Form.FormField.Kind.MULTI_SELECT,
                                false,
                                List.of(new Form.Choice("maths", "Maths"), new Form.Choice("ks2", "KS2")),
                                List.of("ks2")),
                        FormFields.date("when", "When", false, List.of("2026-12-01"), null)));
    }

    @Autowired
    SlackTrust.Recorder recorder;

    @Autowired
    Connectors connectors;

    @Autowired
    SlackConnector connector;

    @Autowired
    InboundEvents inbound;

    static final ChannelRef STAFFROOM = new ChannelRef(Platform.SLACK, TEAM, OAKFIELD_STAFFROOM);
    static final SlackTrust.LogScan LOGS = new SlackTrust.LogScan();

    @BeforeEach
    void scanLogs() {
        LOGS.attach();
    }

    /** No token, private file URL or response URL was logged by anything, the SDK included. */
    @AfterAll
    static void nothingSecretWasLogged() {
        assertThat(LOGS.lines()).isPositive();
        assertThat(LOGS.leaks(SLACK.botToken(), SLACK.appToken(), "/files-pri/", "/respond/", "ticket="))
                .isEmpty();
    }

    private static String ts(JsonObject event) {
        return event.get("ts").getAsString();
    }

    private static Envelope pushed(JsonObject event) {
        Envelope e = SLACK.pushEvent(event);
        e.awaitAck(WAIT);
        return e;
    }

    private Delivery posted(Destination to, Message message) {
        String key = "test:" + UUID.randomUUID();
        chat.post(to, message, key);
        assertThat(chat.awaitDelivered(WAIT)).isTrue();
        Delivery d = chat.delivery(key).orElseThrow();
        assertThat(d.sent()).as("delivery %s: %s", key, d.error()).isTrue();
        return d;
    }

    // ------------------------------------------------------------------ commands

    @Test
    void staffroomHelpIsAnsweredOnTheAcknowledgement() {
        Envelope command =
                SLACK.pushSlashCommand(SLACK.payloads().slashCommand("/staffroom", "help", BEN, OAKFIELD_STAFFROOM));
        Ack ack = command.awaitAck(WAIT);

        assertThat(ack.latency()).isLessThan(Duration.ofSeconds(3));
        assertThat(ack.payload()).isNotNull();
        assertThat(ack.payload().get("response_type").getAsString()).isEqualTo("ephemeral");
        assertThat(ack.payload().get("text").getAsString())
                .startsWith("Commands you can use, Ben Hughes:")
                .contains("/staffroom help");
        assertThat(ack.payload()
                        .getAsJsonArray("blocks")
                        .get(0)
                        .getAsJsonObject()
                        .get("type")
                        .getAsString())
                .isEqualTo("section");
        SlackTrust.Seen seen = recorder.await(
                ChatEvent.CommandInvoked.class,
                c -> c.interaction()
                        .id()
                        .equals("cmd:" + command.payload().get("trigger_id").getAsString()));
        ChatEvent.CommandInvoked invoked = (ChatEvent.CommandInvoked) seen.event();
        assertThat(invoked.command()).isEqualTo("staffroom");
        assertThat(invoked.subcommand()).isEqualTo("help");
        assertThat(invoked.channel()).isEqualTo(STAFFROOM);
        assertThat(seen.person()).isEqualTo("ben-hughes");
        assertThat(seen.school()).isEqualTo("oakfield");
        await().atMost(WAIT)
                .until(() -> connectors.statuses().get(Platform.SLACK).state() == ConnectorStatus.State.UP);
        assertThat(connectors.sandboxed()).doesNotContain(Platform.SLACK);
    }

    @Test
    void aRateLimitedConnectAtStartIsRetriedAfterABackoff() {
        SLACK.awaitConnection(1, WAIT);
        List<RecordedCall> opens = SLACK.calls("apps.connections.open");

        assertThat(opens.get(0).status()).isEqualTo(429);
        assertThat(opens.get(1).status()).isEqualTo(200);
        // 500 ms ± 25 % jitter, not a tight loop.
        assertThat(Duration.between(opens.get(0).receivedAt(), opens.get(1).receivedAt()))
                .isGreaterThanOrEqualTo(Duration.ofMillis(370));
    }

    @Test
    void aSlowAnswerGoesByTheResponseUrlAndAnUnknownCommandIsExplained() {
        Envelope unknown =
                SLACK.pushSlashCommand(SLACK.payloads().slashCommand("/stafroom", "help", BEN, OAKFIELD_STAFFROOM));
        assertThat(unknown.awaitAck(WAIT).payload().get("text").getAsString())
                .isEqualTo("There is no /stafroom command. Type /staffroom help to see what you can use.");

        // The acknowledgement has left: a later private answer takes the response URL.
        JsonObject command = SLACK.payloads().slashCommand("/staffroom", "help", CHLOE, RIVERSIDE_STAFFROOM);
        String responseUrl = command.get("response_url").getAsString();
        String token = new SlackInteraction(
                        SlackInteraction.Kind.COMMAND, TEAM, RIVERSIDE_STAFFROOM, CHLOE, responseUrl, null)
                .encode();
        chat.respond(
                new org.staffroom.chat.InteractionRef(
                        Platform.SLACK, "late-1", token, Instant.now().plusSeconds(600)),
                Message.of("Done: <!channel> is not pinged"));
        ResponseUrlPost post = SLACK.awaitResponseUrlPost(p -> responseUrl.endsWith(p.id()), WAIT);
        assertThat(post.body().get("response_type").getAsString()).isEqualTo("ephemeral");
        assertThat(post.body().get("replace_original").getAsBoolean()).isFalse();
        assertThat(post.text()).isEqualTo("Done: &lt;!channel&gt; is not pinged");
    }

    // ------------------------------------------------------------------ messages

    @Test
    void messagesRepliesEditsDeletionsAndDirectMessagesReachTheCore() {
        JsonObject root = SLACK.payloads()
                .message(
                        OAKFIELD_STAFFROOM,
                        BEN,
                        "Great &lt;assembly&gt; with <@U0AMARA001> today, see <https://example.org/plan|the plan> #kudos");
        pushed(root);
        SlackTrust.Seen seen =
                recorder.await(ChatEvent.MessagePosted.class, m -> at(m.message(), OAKFIELD_STAFFROOM, ts(root)));
        ChatEvent.MessagePosted posted = (ChatEvent.MessagePosted) seen.event();
        assertThat(posted.text())
                .isEqualTo("Great <assembly> with @Amara Okafor today, see the plan (https://example.org/plan) #kudos");
        assertThat(posted.actor().displayName()).isEqualTo("Ben Hughes");
        assertThat(posted.actor().user()).isEqualTo(new UserRef(Platform.SLACK, TEAM, BEN));
        assertThat(posted.message().threadId()).isNull();
        assertThat(posted.direct()).isFalse();
        assertThat(seen.person()).isEqualTo("ben-hughes");
        assertThat(seen.school()).isEqualTo("oakfield");

        JsonObject reply = SLACK.payloads().threadReply(OAKFIELD_STAFFROOM, AMARA, "Agreed!", ts(root));
        pushed(reply);
        SlackTrust.Seen replySeen =
                recorder.await(ChatEvent.MessagePosted.class, m -> at(m.message(), OAKFIELD_STAFFROOM, ts(reply)));
        assertThat(((ChatEvent.MessagePosted) replySeen.event()).message().threadId())
                .isEqualTo(ts(root));
        assertThat(((ChatEvent.MessagePosted) replySeen.event())
                        .message()
                        .root()
                        .id())
                .isEqualTo(ts(root));
        assertThat(replySeen.caller().has(Role.APPROVER, "oakfield")).isTrue();

        pushed(SLACK.payloads().messageChanged(OAKFIELD_STAFFROOM, ts(root), "Great assembly today #kudos #music"));
        ChatEvent.MessageEdited edited = (ChatEvent.MessageEdited)
                recorder.await(ChatEvent.MessageEdited.class, m -> at(m.message(), OAKFIELD_STAFFROOM, ts(root)))
                        .event();
        assertThat(edited.text()).isEqualTo("Great assembly today #kudos #music");
        assertThat(edited.actor().user().id()).isEqualTo(BEN);

        pushed(SLACK.payloads().messageDeleted(OAKFIELD_STAFFROOM, ts(reply)));
        SlackTrust.Seen deleted =
                recorder.await(ChatEvent.MessageDeleted.class, m -> at(m.message(), OAKFIELD_STAFFROOM, ts(reply)));
        assertThat(deleted.person()).isEqualTo("amara-okafor");
        assertThat(((ChatEvent.MessageDeleted) deleted.event()).message().threadId())
                .isEqualTo(ts(root));

        JsonObject dm = SLACK.payloads().directMessage(CHLOE, "Can I move my PD slot?");
        pushed(dm);
        SlackTrust.Seen direct = recorder.await(
                ChatEvent.MessagePosted.class, m -> m.message().id().equals(ts(dm)));
        assertThat(((ChatEvent.MessagePosted) direct.event()).direct()).isTrue();
        assertThat(direct.person()).isEqualTo("chloe-patel");
        assertThat(direct.school()).isEqualTo("riverside");
    }

    @Test
    void sharedFilesArriveAsAttachmentsAndDownloadWithTheBotToken() throws Exception {
        byte[] bytes = "%PDF-1.7 sports day plan".getBytes(StandardCharsets.UTF_8);
        JsonObject share = SLACK.payloads()
                .fileShare(
                        OAKFIELD_STAFFROOM,
                        BEN,
                        "Plan for Friday",
                        SLACK.payloads().file("plan.pdf", "application/pdf", bytes));
        pushed(share);
        ChatEvent.MessagePosted posted = (ChatEvent.MessagePosted)
                recorder.await(ChatEvent.MessagePosted.class, m -> at(m.message(), OAKFIELD_STAFFROOM, ts(share)))
                        .event();
        assertThat(posted.text()).isEqualTo("Plan for Friday");
        SlackTrust.Seen seen =
                recorder.await(ChatEvent.MessagePosted.class, m -> at(m.message(), OAKFIELD_STAFFROOM, ts(share)));
        assertThat(seen.person()).isEqualTo("ben-hughes");
        assertThat(seen.school()).isEqualTo("oakfield");
        Attachment file = posted.attachments().get(0);
        assertThat(file.name()).isEqualTo("plan.pdf");
        assertThat(file.mimeType()).isEqualTo("application/pdf");
        assertThat(file.size()).isEqualTo(bytes.length);

        assertThat(chat.download(Platform.SLACK, file)).isEqualTo(bytes);
    }

    @Test
    void theBotsOwnMessagesAndReactionsAreIgnored() {
        JsonObject own = SLACK.payloads().message(OAKFIELD_STAFFROOM, SLACK.botUserId(), "from the bot itself");
        pushed(own);
        JsonObject after = SLACK.payloads().message(OAKFIELD_STAFFROOM, BEN, "after the bot");
        pushed(after);
        recorder.await(ChatEvent.MessagePosted.class, m -> at(m.message(), OAKFIELD_STAFFROOM, ts(after)));
        pushed(SLACK.payloads().reactionAdded(SLACK.botUserId(), "white_check_mark", OAKFIELD_STAFFROOM, ts(after)));
        JsonObject marker = SLACK.payloads().message(OAKFIELD_STAFFROOM, BEN, "marker");
        pushed(marker);
        recorder.await(ChatEvent.MessagePosted.class, m -> at(m.message(), OAKFIELD_STAFFROOM, ts(marker)));

        assertThat(recorder.events(
                        ChatEvent.MessagePosted.class, m -> m.message().id().equals(ts(own))))
                .isEmpty();
        assertThat(recorder.events(
                        ChatEvent.ReactionAdded.class, r -> r.message().id().equals(ts(after))))
                .isEmpty();
    }

    // ------------------------------------------------------------------ reactions, home, groups

    @Test
    void reactionsBecomeUnicodeAndTheHomeTabIsPublishedForAGroupMember() {
        JsonObject card = SLACK.payloads().message(OAKFIELD_REVIEW, BEN, "Draft: sports day photo");
        pushed(card);
        pushed(SLACK.payloads().reactionAdded(AMARA, "white_check_mark", OAKFIELD_REVIEW, ts(card)));
        pushed(SLACK.payloads().reactionAdded(BEN, "+1::skin-tone-3", OAKFIELD_REVIEW, ts(card)));
        pushed(SLACK.payloads().reactionAdded(BEN, "staffroom_star", OAKFIELD_REVIEW, ts(card)));
        pushed(SLACK.payloads().reactionRemoved(AMARA, "white_check_mark", OAKFIELD_REVIEW, ts(card)));

        SlackTrust.Seen approval = recorder.await(
                ChatEvent.ReactionAdded.class,
                r -> at(r.message(), OAKFIELD_REVIEW, ts(card)) && r.emoji().equals("✅"));
        assertThat(approval.person()).isEqualTo("amara-okafor");
        assertThat(approval.caller().has(Role.APPROVER, "oakfield")).isTrue();
        recorder.await(
                ChatEvent.ReactionAdded.class,
                r -> at(r.message(), OAKFIELD_REVIEW, ts(card)) && r.emoji().equals("👍"));
        recorder.await(
                ChatEvent.ReactionAdded.class,
                r -> at(r.message(), OAKFIELD_REVIEW, ts(card)) && r.emoji().equals(":staffroom_star:"));
        recorder.await(
                ChatEvent.ReactionRemoved.class,
                r -> at(r.message(), OAKFIELD_REVIEW, ts(card)) && r.emoji().equals("✅"));

        // Someone not in people.yml, but in the Slack user group people.yml gives approver@oakfield.
        pushed(SLACK.payloads().appHomeOpened(NEW_SLT, "home"));
        SlackTrust.Seen home = recorder.await(
                ChatEvent.HomeOpened.class, h -> h.actor().user().id().equals(NEW_SLT));
        assertThat(home.event().actor().displayName()).isEqualTo("Sam Newman");
        assertThat(home.event().actor().groups()).containsExactly(SLT_GROUP);
        assertThat(home.caller().has(Role.APPROVER, "oakfield")).isTrue();
        assertThat(home.person()).isNull();

        RecordedCall publish = SLACK.awaitCall("views.publish", c -> NEW_SLT.equals(c.param("user_id")), WAIT);
        JsonObject view = publish.jsonParam("view").getAsJsonObject();
        assertThat(view.get("type").getAsString()).isEqualTo("home");
        assertThat(text(view.getAsJsonArray("blocks").get(0))).isEqualTo("*Welcome back*, Sam Newman");
        assertThat(SLACK.homeView(NEW_SLT)).isPresent();
    }

    // ------------------------------------------------------------------ interactions

    @Test
    void aButtonOpensAModalAndTheSubmissionComesBackWithItsContext() {
        Delivery card = posted(
                Destination.channel(STAFFROOM),
                Message.of("Draft 7 needs a review")
                        .withButton(
                                new Message.Button("test.form", "Review", "draft-7", Message.Button.Style.PRIMARY)));
        String cardTs = card.message().id();

        Envelope click = SLACK.pushInteractive(SLACK.payloads()
                .blockActions(AMARA, "test.form")
                .blockId("staffroom.actions.0")
                .value("draft-7")
                .onMessage(OAKFIELD_STAFFROOM, cardTs)
                .build());
        click.awaitAck(WAIT);
        SlackTrust.Seen pressed =
                recorder.await(ChatEvent.ButtonPressed.class, b -> b.value().equals("draft-7"));
        ChatEvent.ButtonPressed button = (ChatEvent.ButtonPressed) pressed.event();
        assertThat(button.actionId()).isEqualTo("test.form");
        assertThat(button.message()).isEqualTo(card.message());
        assertThat(pressed.person()).isEqualTo("amara-okafor");

        RecordedCall open = SLACK.awaitCall("views.open", c -> c.param("view").contains("test.review"), WAIT);
        JsonObject view = open.jsonParam("view").getAsJsonObject();
        assertThat(view.get("type").getAsString()).isEqualTo("modal");
        assertThat(view.get("callback_id").getAsString()).isEqualTo("test.review");
        assertThat(view.getAsJsonObject("title").get("text").getAsString()).isEqualTo("Review a draft");
        assertThat(view.getAsJsonObject("submit").get("text").getAsString()).isEqualTo("Send");
        assertThat(view.getAsJsonObject("close").get("text").getAsString()).isEqualTo("Cancel");
        JsonArray blocks = view.getAsJsonArray("blocks");
        assertThat(blocks).hasSize(5);
        JsonObject title = element(blocks, 0);
        assertThat(title.get("type").getAsString()).isEqualTo("plain_text_input");
        assertThat(title.get("initial_value").getAsString()).isEqualTo("Sports day");
        assertThat(title.get("max_length").getAsInt()).isEqualTo(80);
        assertThat(element(blocks, 1).get("multiline").getAsBoolean()).isTrue();
        assertThat(blocks.get(1).getAsJsonObject().get("optional").getAsBoolean())
                .isTrue();
        assertThat(element(blocks, 2).get("type").getAsString()).isEqualTo("static_select");
        assertThat(element(blocks, 2)
                        .getAsJsonObject("initial_option")
                        .get("value")
                        .getAsString())
                .isEqualTo("riverside");
        assertThat(element(blocks, 3).get("type").getAsString()).isEqualTo("multi_static_select");
        assertThat(element(blocks, 3)
                        .getAsJsonArray("initial_options")
                        .get(0)
                        .getAsJsonObject()
                        .get("value")
                        .getAsString())
                .isEqualTo("ks2");
        assertThat(element(blocks, 4).get("type").getAsString()).isEqualTo("datepicker");
        assertThat(element(blocks, 4).get("initial_date").getAsString()).isEqualTo("2026-12-01");

        StoredView modal = SLACK.views().stream()
                .filter(v -> "test.review".equals(v.callbackId()))
                .findFirst()
                .orElseThrow();
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("maths", "Maths");
        tags.put("ks2", "KS2");
        JsonObject submission = SLACK.payloads()
                .viewSubmission(AMARA, "test.review")
                .of(modal)
                .plainText("title", "title", "Sports day 2026")
                .plainText("why", "why", "Lovely photo")
                .staticSelect("school", "school", "oakfield", "Oakfield")
                .multiStaticSelect("tags", "tags", tags)
                .datepicker("when", "when", "2026-12-02")
                .build();
        Envelope submitted = SLACK.pushInteractive(submission);
        assertThat(submitted.awaitAck(WAIT).payload()).isNull(); // closes the modal

        SlackTrust.Seen form =
                recorder.await(ChatEvent.FormSubmitted.class, f -> f.formId().equals("test.review"));
        ChatEvent.FormSubmitted f = (ChatEvent.FormSubmitted) form.event();
        assertThat(f.context()).isEqualTo("draft-7");
        assertThat(f.channel()).isEqualTo(STAFFROOM);
        assertThat(f.value("title")).isEqualTo("Sports day 2026");
        assertThat(f.value("why")).isEqualTo("Lovely photo");
        assertThat(f.value("school")).isEqualTo("oakfield");
        assertThat(f.values("tags")).containsExactly("maths", "ks2");
        assertThat(f.value("when")).isEqualTo("2026-12-02");
        assertThat(form.school()).isEqualTo("oakfield");

        // The answer to a form is private: chat.postEphemeral in the form's channel, to the person.
        RecordedCall ephemeral = SLACK.awaitCall("chat.postEphemeral", c -> AMARA.equals(c.param("user")), WAIT);
        assertThat(ephemeral.param("channel")).isEqualTo(OAKFIELD_STAFFROOM);
        assertThat(ephemeral.param("text")).isEqualTo("Thanks for reviewing draft-7");

        // The same submission delivered again changes nothing.
        SLACK.redeliver(submitted.id(), "timeout").awaitAck(WAIT);
        assertThat(recorder.events(
                        ChatEvent.FormSubmitted.class, x -> x.formId().equals("test.review")))
                .hasSize(1);
    }

    @Test
    void aButtonIsAnsweredPrivatelyThroughItsResponseUrl() {
        Delivery card = posted(
                Destination.channel(STAFFROOM),
                Message.of("Who is in?").withButton(Message.Button.of("test.answer", "Me", "in")));
        JsonObject click = SLACK.payloads()
                .blockActions(BEN, "test.answer")
                .value("in")
                .onMessage(OAKFIELD_STAFFROOM, card.message().id())
                .build();
        String responseUrl = click.get("response_url").getAsString();
        SLACK.pushInteractive(click).awaitAck(WAIT);

        ResponseUrlPost answer = SLACK.awaitResponseUrlPost(p -> responseUrl.endsWith(p.id()), WAIT);
        assertThat(answer.text()).isEqualTo("Noted, Ben Hughes");
        assertThat(answer.body().get("response_type").getAsString()).isEqualTo("ephemeral");
        assertThat(answer.status()).isEqualTo(200);
    }

    @Test
    void aMessageShortcutReachesTheCoreAndCanOpenACheckboxForm() {
        JsonObject photo = SLACK.payloads().message(OAKFIELD_STAFFROOM, BEN, "Our class *garden* today");
        pushed(photo);
        Envelope shortcut = SLACK.pushInteractive(
                SLACK.payloads().messageShortcut("test.keep", CHLOE, OAKFIELD_STAFFROOM, ts(photo)));
        shortcut.awaitAck(WAIT);

        SlackTrust.Seen seen = recorder.await(
                ChatEvent.MessageActionInvoked.class, a -> a.target().id().equals(ts(photo)));
        ChatEvent.MessageActionInvoked action = (ChatEvent.MessageActionInvoked) seen.event();
        assertThat(action.actionId()).isEqualTo("test.keep");
        assertThat(action.text()).isEqualTo("Our class *garden* today");
        assertThat(action.targetAuthor().displayName()).isEqualTo("Ben Hughes");
        assertThat(action.target().channel()).isEqualTo(STAFFROOM);
        assertThat(seen.person()).isEqualTo("chloe-patel");

        RecordedCall open = SLACK.awaitCall("views.open", c -> c.param("view").contains("test.keep"), WAIT);
        JsonObject checkbox = element(open.jsonParam("view").getAsJsonObject().getAsJsonArray("blocks"), 0);
        assertThat(checkbox.get("type").getAsString()).isEqualTo("checkboxes");
        assertThat(checkbox.getAsJsonArray("options")).hasSize(1);
    }

    // ------------------------------------------------------------------ outbound

    @Test
    void aMessageIsPostedAsBlockKitWithItsDeliveryKeyInMetadata() {
        UserRef amara = new UserRef(Platform.SLACK, TEAM, AMARA);
        Message message = Message.of(Rich.empty()
                        .bold("Question of the day")
                        .text(": what made you smile? ")
                        .link("https://example.org/qotd", "more")
                        .text(" ")
                        .mention(amara, "Amara"))
                .withField("School", Rich.of("Oakfield"))
                .withImage("https://example.org/sun.png", "A sunny day")
                .withButton(new Message.Button("qotd.answer", "Answer", "q-42", Message.Button.Style.PRIMARY))
                .withButton(new Message.Button("qotd.skip", "Skip", "q-42", Message.Button.Style.DANGER))
                .withFooter(Rich.of("Answers are shared with the trust"));
        Delivery d = posted(Destination.channel(STAFFROOM), message);

        RecordedCall call = SLACK.calls("chat.postMessage").stream()
                .filter(c ->
                        c.ok() && d.message().id().equals(c.response().get("ts").getAsString()))
                .findFirst()
                .orElseThrow();
        assertThat(call.param("channel")).isEqualTo(OAKFIELD_STAFFROOM);
        assertThat(call.param("unfurl_links")).isIn("false", "0");
        assertThat(call.param("unfurl_media")).isIn("false", "0");
        assertThat(call.param("text")).startsWith("Question of the day: what made you smile? more @Amara");
        JsonObject metadata = call.jsonParam("metadata").getAsJsonObject();
        assertThat(metadata.get("event_type").getAsString()).isEqualTo("staffroom_delivery");
        assertThat(metadata.getAsJsonObject("event_payload").get("key").getAsString())
                .isEqualTo(d.key());

        JsonArray blocks = call.jsonParam("blocks").getAsJsonArray();
        List<String> types = new ArrayList<>();
        blocks.forEach(b -> types.add(b.getAsJsonObject().get("type").getAsString()));
        assertThat(types).containsExactly("section", "section", "image", "actions", "context");
        JsonObject text = blocks.get(0).getAsJsonObject().getAsJsonObject("text");
        assertThat(text.get("type").getAsString()).isEqualTo("mrkdwn");
        assertThat(text.get("verbatim").getAsBoolean()).isTrue();
        assertThat(text.get("text").getAsString())
                .isEqualTo("*Question of the day*: what made you smile? <https://example.org/qotd|more> <@U0AMARA001>");
        assertThat(text(blocks.get(1).getAsJsonObject().getAsJsonArray("fields").get(0)))
                .isEqualTo("*School*\nOakfield");
        assertThat(blocks.get(2).getAsJsonObject().get("image_url").getAsString())
                .isEqualTo("https://example.org/sun.png");
        assertThat(blocks.get(2).getAsJsonObject().get("alt_text").getAsString())
                .isEqualTo("A sunny day");
        JsonObject answer = blocks.get(3)
                .getAsJsonObject()
                .getAsJsonArray("elements")
                .get(0)
                .getAsJsonObject();
        assertThat(answer.get("action_id").getAsString()).isEqualTo("qotd.answer");
        assertThat(answer.get("value").getAsString()).isEqualTo("q-42");
        assertThat(answer.get("style").getAsString()).isEqualTo("primary");
        assertThat(answer.getAsJsonObject("text").get("text").getAsString()).isEqualTo("Answer");
        assertThat(text(blocks.get(4)
                        .getAsJsonObject()
                        .getAsJsonArray("elements")
                        .get(0)))
                .isEqualTo("Answers are shared with the trust");

        StoredMessage stored =
                SLACK.message(OAKFIELD_STAFFROOM, d.message().id()).orElseThrow();
        assertThat(stored.metadataPayload().get("key").getAsString()).isEqualTo(d.key());
        assertThat(stored.unfurlLinks()).isFalse();
    }

    @Test
    void repliesDirectMessagesEditsReactionsAndDeletionsReachSlack() throws Exception {
        Delivery root = posted(Destination.channel(STAFFROOM), Message.of("Today’s question"));
        Delivery reply = posted(Destination.thread(root.message()), Message.of("An answer from Riverside"));
        RecordedCall replyCall = SLACK.calls("chat.postMessage").stream()
                .filter(c -> c.ok()
                        && reply.message().id().equals(c.response().get("ts").getAsString()))
                .findFirst()
                .orElseThrow();
        assertThat(replyCall.param("thread_ts")).isEqualTo(root.message().id());
        assertThat(reply.message().threadId()).isEqualTo(root.message().id());
        assertThat(SLACK.thread(OAKFIELD_STAFFROOM, root.message().id())).hasSize(2);

        Delivery dm = posted(
                Destination.direct(new UserRef(Platform.SLACK, TEAM, BEN)), Message.of("Your PD chat starts at 4"));
        RecordedCall open = SLACK.awaitCall("conversations.open", c -> BEN.equals(c.param("users")), WAIT);
        assertThat(open.ok()).isTrue();
        assertThat(dm.message().channel().id()).isEqualTo(SLACK.dmChannel(BEN));
        assertThat(SLACK.messages(SLACK.dmChannel(BEN)))
                .extracting(StoredMessage::text)
                .contains("Your PD chat starts at 4");

        chat.edit(root.key(), Message.of("Today’s question (edited)"));
        chat.react(root.key(), "✅");
        assertThat(chat.awaitDelivered(WAIT)).isTrue();
        RecordedCall update =
                SLACK.awaitCall("chat.update", c -> root.message().id().equals(c.param("ts")), WAIT);
        assertThat(update.param("text")).isEqualTo("Today’s question (edited)");
        assertThat(update.jsonParam("blocks").getAsJsonArray()).hasSize(1);
        RecordedCall react =
                SLACK.awaitCall("reactions.add", c -> root.message().id().equals(c.param("timestamp")), WAIT);
        assertThat(react.param("name")).isEqualTo("white_check_mark");

        SLACK.addReaction(OAKFIELD_STAFFROOM, root.message().id(), "white_check_mark", AMARA);
        SLACK.addReaction(OAKFIELD_STAFFROOM, root.message().id(), "+1::skin-tone-2", BEN);
        Map<String, List<UserRef>> reactions = chat.reactions(root.message());
        assertThat(reactions.get("✅"))
                .containsExactly(new UserRef(Platform.SLACK, TEAM, AMARA)); // the bot's own is left out
        assertThat(reactions.get("👍")).containsExactly(new UserRef(Platform.SLACK, TEAM, BEN));

        assertThat(chat.permalink(root.message()))
                .hasValueSatisfying(p ->
                        assertThat(p).startsWith("https://northwold.slack.com/archives/" + OAKFIELD_STAFFROOM + "/p"));
        // Slack's own form, a reply's included; after one answer the workspace's links are made locally.
        assertThat(chat.permalink(reply.message()))
                .contains("https://northwold.slack.com/archives/" + OAKFIELD_STAFFROOM + "/p"
                        + reply.message().id().replace(".", "") + "?thread_ts="
                        + root.message().id() + "&cid=" + OAKFIELD_STAFFROOM);
        int permalinkCalls = SLACK.calls("chat.getPermalink").size();
        assertThat(chat.permalink(root.message()))
                .contains("https://northwold.slack.com/archives/" + OAKFIELD_STAFFROOM + "/p"
                        + root.message().id().replace(".", ""));
        assertThat(SLACK.calls("chat.getPermalink")).hasSize(permalinkCalls);

        chat.delete(reply.key());
        assertThat(chat.awaitDelivered(WAIT)).isTrue();
        SLACK.awaitCall("chat.delete", c -> reply.message().id().equals(c.param("ts")), WAIT);
        assertThat(SLACK.message(OAKFIELD_STAFFROOM, reply.message().id())).isEmpty();
    }

    @Test
    void userTextThatLooksLikeAPingOrALinkIsPostedLiterally() {
        String caption = "<!channel> @channel <!here> @everyone <https://evil.example|click me> &lt; *bold* `code`";
        Delivery d = posted(
                Destination.channel(STAFFROOM), Message.of(Rich.of(caption)).withField("By", Rich.of("<!everyone>")));

        RecordedCall call = SLACK.calls("chat.postMessage").stream()
                .filter(c ->
                        c.ok() && d.message().id().equals(c.response().get("ts").getAsString()))
                .findFirst()
                .orElseThrow();
        String blocks = call.param("blocks");
        String text = call.param("text");
        for (String sent : List.of(blocks, text)) {
            assertThat(sent)
                    .doesNotContain("<!channel>", "<!here>", "<!everyone>", "<https://evil", "@channel", "@everyone")
                    .contains("&lt;!channel&gt;", "&lt;https://evil.example|click me&gt;", "&amp;lt;");
        }
        String section = text(call.jsonParam("blocks").getAsJsonArray().get(0).getAsJsonObject());
        assertThat(section.replace("\u200B", "").replace("\u2060", ""))
                .isEqualTo(
                        "&lt;!channel&gt; @channel &lt;!here&gt; @everyone &lt;https://evil.example|click me&gt; &amp;lt; *bold* `code`");
        assertThat(section).doesNotContain("*bold*", "`code`");
        assertThat(call.param("link_names")).isIn(null, "false", "0");
        org.staffroom.reliability.Figures.report(
                "S5.slack",
                "cases",
                "<!channel>,@channel,<!here>,@everyone,<https://evil|x>,&lt;,*bold*",
                "pings_in_payload",
                occurrences(blocks + text, "<!channel>", "<!here>", "<!everyone>"),
                "links_in_payload",
                occurrences(blocks + text, "<https://evil"),
                "link_names",
                call.param("link_names") == null ? "unset" : call.param("link_names"));
    }

    /** How often any of {@code needles} occurs in {@code haystack} (a figure counted, not asserted as a literal). */
    private static long occurrences(String haystack, String... needles) {
        long n = 0;
        for (String needle : needles) {
            for (int i = haystack.indexOf(needle); i >= 0; i = haystack.indexOf(needle, i + 1)) n++;
        }
        return n;
    }

    @Test
    void aPostWhoseRecordWasLostIsFoundByItsMarker() throws Exception {
        Instant before = Instant.now().minusSeconds(5);
        String marker = "qotd:2026-11-25:oakfield:" + UUID.randomUUID();
        MessageRef sent = connector.send(new OutboundPost(STAFFROOM, null, Message.of("Question of the day"), marker));
        connector.send(new OutboundPost(STAFFROOM, null, Message.of("Another post"), "other:" + UUID.randomUUID()));

        assertThat(connector.findByMarker(STAFFROOM, null, marker, before)).contains(sent);
        assertThat(connector.findByMarker(STAFFROOM, null, "never:" + UUID.randomUUID(), before))
                .isEmpty();
        RecordedCall history = SLACK.calls("conversations.history").get(0);
        assertThat(history.param("include_all_metadata")).isIn("true", "1");
        assertThat(history.param("oldest")).matches("\\d+\\.\\d{6}");

        MessageRef threaded =
                connector.send(new OutboundPost(STAFFROOM, sent.id(), Message.of("In the thread"), marker + ":r"));
        assertThat(connector.findByMarker(STAFFROOM, sent.id(), marker + ":r", before))
                .contains(threaded);
    }

    /**
     * Slack's error codes, not the wording of an exception, decide what is already done: deleting a message
     * that is gone and adding a reaction that is there succeed; another error code still fails.
     */
    @Test
    void alreadyDoneIsRecognisedBySlacksErrorCode() throws Exception {
        MessageRef sent =
                connector.send(new OutboundPost(STAFFROOM, null, Message.of("Soon gone"), "gone:" + UUID.randomUUID()));
        connector.addReaction(sent, "\u2705");
        connector.addReaction(sent, "\u2705"); // Slack answers already_reacted
        assertThat(SLACK.reactions(OAKFIELD_STAFFROOM, sent.id())).containsKey("white_check_mark");

        connector.delete(sent);
        connector.delete(sent); // Slack answers message_not_found
        assertThat(SLACK.message(OAKFIELD_STAFFROOM, sent.id())).isEmpty();

        MessageRef unknown = new MessageRef(STAFFROOM, "1.000001", null);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> connector.addReaction(unknown, "\u2705"))
                .isInstanceOf(org.staffroom.chat.spi.DeliveryException.class)
                .hasMessageContaining("message_not_found");
    }

    // ------------------------------------------------------------------ faults

    /**
     * Issue 14: a workspace that is not a Slack space in schools.yml gets nothing out of Staffroom.
     * Its event, {@code /staffroom login} and button come over the real Socket Mode connection; each
     * is acknowledged (Slack does not send it again) with no answer, none reaches the core, and the
     * team is logged once.
     */
    @Test
    void requestsFromATeamThatIsNotTheTrustsAreAcknowledgedAndIgnored() {
        String stranger = "T0STRANGR2";
        JsonObject message = SLACK.payloads().message(OAKFIELD_STAFFROOM, BEN, "hello from elsewhere");
        JsonObject callback = SLACK.payloads().eventCallback(message);
        callback.addProperty("team_id", stranger);
        callback.getAsJsonArray("authorizations").get(0).getAsJsonObject().addProperty("team_id", stranger);
        JsonObject login = SLACK.payloads().slashCommand("/staffroom", "login", BEN, OAKFIELD_STAFFROOM);
        login.addProperty("team_id", stranger);
        JsonObject click = SLACK.payloads()
                .blockActions(BEN, "test.answer")
                .value("x")
                .onMessage(OAKFIELD_STAFFROOM, ts(message))
                .build();
        click.getAsJsonObject("team").addProperty("id", stranger);

        List<Ack> acks = List.of(
                SLACK.pushEvent(callback).awaitAck(WAIT),
                SLACK.pushSlashCommand(login).awaitAck(WAIT),
                SLACK.pushInteractive(click).awaitAck(WAIT),
                SLACK.pushSlashCommand(login.deepCopy()).awaitAck(WAIT));

        assertThat(acks)
                .allSatisfy(a -> assertThat(a.hasPayload())
                        .as("acknowledged with no answer: no sign-in link")
                        .isFalse());
        // A message from the trust's own workspace, sent after them, comes through; theirs did not.
        JsonObject marker = SLACK.payloads().message(OAKFIELD_STAFFROOM, BEN, "after the stranger");
        pushed(marker);
        recorder.await(ChatEvent.MessagePosted.class, m -> at(m.message(), OAKFIELD_STAFFROOM, ts(marker)));
        assertThat(recorder.events(
                        ChatEvent.class, e -> e.actor().user().spaceId().equals(stranger)))
                .isEmpty();
        assertThat(SLACK.responseUrlPosts())
                .noneMatch(p -> login.get("response_url").getAsString().endsWith(p.id()));
        assertThat(LOGS.containing("Ignoring Slack requests from workspace " + stranger))
                .singleElement()
                .asString()
                .startsWith("WARN")
                .contains("not a Slack space in schools.yml")
                .doesNotContain("hello from elsewhere");
    }

    @Test
    void theSameEventDeliveredAgainChangesNothing() {
        JsonObject event = SLACK.payloads().message(OAKFIELD_STAFFROOM, BEN, "Vote for the school trip");
        Envelope first = pushed(event);
        recorder.await(ChatEvent.MessagePosted.class, m -> at(m.message(), OAKFIELD_STAFFROOM, ts(event)));

        SLACK.resendSameEnvelope(first.id()); // the same frame twice
        Envelope retry = SLACK.redeliver(first.id(), "timeout"); // Slack's retry: retry_attempt 1
        Envelope renamed = SLACK.pushWithNewEventId(first.id()); // the same message, a new event id
        retry.awaitAck(WAIT);
        renamed.awaitAck(WAIT);
        await().atMost(WAIT).until(() -> first.ackCount() == 2);

        JsonObject reaction = SLACK.payloads().reactionAdded(AMARA, "tada", OAKFIELD_STAFFROOM, ts(event));
        Envelope vote = pushed(reaction);
        Envelope revote = SLACK.pushWithNewEventId(vote.id()); // a re-sent reaction, new event id
        revote.awaitAck(WAIT);
        JsonObject marker = SLACK.payloads().message(OAKFIELD_STAFFROOM, BEN, "after the duplicates");
        pushed(marker);
        recorder.await(ChatEvent.MessagePosted.class, m -> at(m.message(), OAKFIELD_STAFFROOM, ts(marker)));

        assertThat(recorder.events(ChatEvent.MessagePosted.class, m -> at(m.message(), OAKFIELD_STAFFROOM, ts(event))))
                .hasSize(1);
        assertThat(recorder.events(ChatEvent.ReactionAdded.class, r -> at(r.message(), OAKFIELD_STAFFROOM, ts(event))))
                .hasSize(1);
        // Every delivery was acknowledged, duplicates included (an unacknowledged one would be retried).
        assertThat(List.of(first, retry, renamed, vote, revote)).allMatch(Envelope::acked);
    }

    /**
     * Envelopes Slack sends that Bolt cannot take (an {@code app_rate_limited} notice, a payload that is a
     * string, a button press without a user, a type nobody knows) and message events without a user or a
     * channel: each is acknowledged, so Slack sends none of them again, and each is logged once at WARN
     * with its envelope type and no stack trace; a message after them is handled as usual.
     */
    @Test
    void everyEnvelopeIsAcknowledgedWhateverItHolds() {
        int logged = LOGS.events().size();
        SLACK.retryUnackedAfter(Duration.ofSeconds(1), 3);
        try {
            JsonObject rateLimited = new JsonObject();
            rateLimited.addProperty("token", "verification");
            rateLimited.addProperty("type", "app_rate_limited");
            rateLimited.addProperty("team_id", TEAM);
            rateLimited.addProperty("minute_rate_limited", 1_764_587_520L);
            rateLimited.addProperty("api_app_id", SLACK.appId());
            JsonObject click = SLACK.payloads()
                    .blockActions(BEN, "test.answer")
                    .value("in")
                    .onMessage(OAKFIELD_STAFFROOM, "1.000001")
                    .build();
            click.remove("user");
            JsonObject noUser = SLACK.payloads().message(OAKFIELD_STAFFROOM, BEN, "who wrote this?");
            noUser.remove("user");
            JsonObject noChannel = SLACK.payloads().message(OAKFIELD_STAFFROOM, BEN, "where was this?");
            noChannel.remove("channel");

            List<Envelope> odd = List.of(
                    SLACK.push("events_api", rateLimited),
                    SLACK.pushRaw("events_api", new JsonPrimitive("event_callback")),
                    SLACK.pushRaw("slash_commands", new JsonPrimitive("/staffroom help")),
                    SLACK.pushInteractive(click),
                    SLACK.pushRaw(
                            "brand_new_kind",
                            SLACK.payloads().eventCallback(SLACK.payloads().message(OAKFIELD_STAFFROOM, BEN, "x"))),
                    SLACK.pushEvent(noUser),
                    SLACK.pushEvent(noChannel));
            for (Envelope e : odd) e.awaitAck(WAIT);
            JsonObject after = SLACK.payloads().message(OAKFIELD_STAFFROOM, BEN, "after the odd envelopes");
            pushed(after);
            recorder.await(ChatEvent.MessagePosted.class, m -> at(m.message(), OAKFIELD_STAFFROOM, ts(after)));

            // Slack would have retried anything unacknowledged after a second: nothing was.
            await().during(Duration.ofMillis(1_500))
                    .atMost(WAIT)
                    .until(() -> odd.stream()
                            .allMatch(e -> SLACK.redeliveriesOf(e.id()).isEmpty()));
            for (Envelope e : odd) {
                assertThat(SLACK.redeliveriesOf(e.id()))
                        .as("redeliveries of %s", e)
                        .isEmpty();
                assertThat(e.ackCount()).as("acks of %s", e).isEqualTo(1);
            }
            assertThat(SLACK.unacked()).isEmpty();
            assertThat(recorder.events(
                            ChatEvent.MessagePosted.class,
                            m -> m.text().contains("who wrote this") || m.text().contains("where was this")))
                    .isEmpty();

            List<ch.qos.logback.classic.spi.ILoggingEvent> lines =
                    LOGS.events().subList(logged, LOGS.events().size());
            assertThat(lines).noneMatch(l -> l.getLevel().isGreaterOrEqual(ch.qos.logback.classic.Level.ERROR));
            assertThat(lines).noneMatch(l -> l.getThrowableProxy() != null);
            List<String> skipped = lines.stream()
                    .filter(l -> l.getLevel() == ch.qos.logback.classic.Level.WARN)
                    .filter(l -> l.getLoggerName().endsWith(".SlackEnvelopes"))
                    .map(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage)
                    .toList();
            assertThat(skipped)
                    .hasSize(5)
                    .anySatisfy(m -> assertThat(m)
                            .startsWith("Slack events_api envelope")
                            .contains("rate-limited"))
                    .anySatisfy(m -> assertThat(m)
                            .startsWith("Slack events_api envelope")
                            .contains("not an object"))
                    .anySatisfy(m -> assertThat(m)
                            .startsWith("Slack slash_commands envelope")
                            .contains("not an object"))
                    .anySatisfy(m -> assertThat(m)
                            .startsWith("Slack interactive envelope")
                            .contains("without a user"))
                    .anySatisfy(m -> assertThat(m).startsWith("Slack brand_new_kind envelope"));
            assertThat(String.join("\n", skipped))
                    .doesNotContain("who wrote this")
                    .doesNotContain("event_callback\"");
        } finally {
            SLACK.retryUnackedAfter(null, 0);
        }
    }

    @Test
    void aRateLimitedPostIsRetriedAndArrivesExactlyOnce() {
        SLACK.rateLimitNext("chat.postMessage", 1, 1);
        Delivery d = posted(
                Destination.channel(new ChannelRef(Platform.SLACK, TEAM, RIVERSIDE_STAFFROOM)),
                Message.of("Paced post"));

        List<RecordedCall> calls = SLACK.calls("chat.postMessage").stream()
                .filter(c -> RIVERSIDE_STAFFROOM.equals(c.param("channel"))
                        && c.param("text").equals("Paced post"))
                .toList();
        assertThat(calls).extracting(RecordedCall::status).containsExactly(429, 200);
        assertThat(calls.get(1).receivedAt())
                .isAfterOrEqualTo(calls.get(0).receivedAt().plusMillis(900));
        assertThat(SLACK.messages(RIVERSIDE_STAFFROOM).stream()
                        .filter(m -> m.metadata() != null
                                && d.key().equals(m.metadataPayload().get("key").getAsString())))
                .hasSize(1);
    }

    @Test
    void aDisconnectEnvelopeReconnectsAndNothingIsLost() {
        int before = SLACK.connectCount();
        SLACK.sendDisconnect("refresh_requested", Duration.ofMillis(300));
        JsonObject event = SLACK.payloads().message(OAKFIELD_STAFFROOM, CHLOE, "sent during the refresh");
        Envelope e = SLACK.pushEvent(event);
        SLACK.awaitConnection(before + 1, WAIT);

        // Bolt may send the ack on the new socket before it is open and lose it; then Slack
        // redelivers. Either way the event is acknowledged once and handled once.
        await().atMost(WAIT)
                .until(() -> e.acked() || SLACK.redeliveriesOf(e.id()).stream().anyMatch(Envelope::acked));
        recorder.await(ChatEvent.MessagePosted.class, m -> at(m.message(), OAKFIELD_STAFFROOM, ts(event)));
        await().atMost(WAIT).until(() -> inbound.backlog() == 0);
        assertThat(recorder.events(ChatEvent.MessagePosted.class, m -> at(m.message(), OAKFIELD_STAFFROOM, ts(event))))
                .hasSize(1);
    }

    /**
     * The socket drops while an event is being handled (users.info is slow for a new person): Slack
     * redelivers the envelope on the new connection; it is recognised and handled once.
     */
    @Test
    void aDroppedSocketReconnectsAndTheRedeliveredEnvelopeIsProcessedOnce() {
        String slowUser = "U0SLOWNAM1"; // users.info for a new person is slow: the socket drops meanwhile
        SLACK.addUser(FakeUser.of(slowUser, "pat", "Pat Slow"));
        SLACK.delay("users.info", Duration.ofMillis(1500));
        try {
            int before = SLACK.connectCount();
            JsonObject event = SLACK.payloads().message(OAKFIELD_STAFFROOM, slowUser, "Important: staff meeting moved");
            Envelope first = SLACK.pushEvent(event);
            await().atMost(WAIT).until(() -> first.sentAt() != null);
            SLACK.dropConnections();

            SLACK.awaitConnection(before + 1, Duration.ofSeconds(20));
            Envelope redelivered = SLACK.awaitAckedRedelivery(first.id(), Duration.ofSeconds(20));

            // (The first ack was lost with the socket, or, if the client had reconnected by then,
            // arrived late on the new one; either way Slack redelivered and it was handled once.)
            assertThat(redelivered.retryAttempt()).isEqualTo(1);
            assertThat(redelivered.payload().get("event_id"))
                    .isEqualTo(first.payload().get("event_id"));
            recorder.await(ChatEvent.MessagePosted.class, m -> at(m.message(), OAKFIELD_STAFFROOM, ts(event)));
            await().atMost(WAIT).until(() -> inbound.backlog() == 0);
            assertThat(recorder.events(
                            ChatEvent.MessagePosted.class, m -> at(m.message(), OAKFIELD_STAFFROOM, ts(event))))
                    .hasSize(1);
            await().atMost(WAIT)
                    .until(() -> connectors.statuses().get(Platform.SLACK).state() == ConnectorStatus.State.UP);
        } finally {
            SLACK.clearFaults();
        }
    }

    // ------------------------------------------------------------------ manifest

    @Test
    void theManifestIsServedFromTheCommandCatalog() {
        String yaml = RestClient.create("http://localhost:" + port)
                .get()
                .uri("/slack/manifest.yml")
                .retrieve()
                .body(String.class);

        assertThat(yaml)
                .contains(
                        "command: /staffroom",
                        "usage_hint: help",
                        "callback_id: test.keep",
                        "socket_mode_enabled: true",
                        "- reaction_added",
                        "- chat:write")
                .doesNotContain("request_url");
    }

    // ------------------------------------------------------------------ helpers

    private static JsonObject element(JsonArray blocks, int i) {
        return blocks.get(i).getAsJsonObject().getAsJsonObject("element");
    }

    private static String text(JsonElement block) {
        JsonObject o = block.getAsJsonObject();
        return o.has("text") && o.get("text").isJsonObject()
                ? o.getAsJsonObject("text").get("text").getAsString()
                : o.get("text").getAsString();
    }
}
