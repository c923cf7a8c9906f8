package org.staffroom.testing.slack;

import static com.slack.api.model.block.Blocks.actions;
import static com.slack.api.model.block.Blocks.asBlocks;
import static com.slack.api.model.block.Blocks.input;
import static com.slack.api.model.block.composition.BlockCompositions.plainText;
import static com.slack.api.model.block.element.BlockElements.asElements;
import static com.slack.api.model.block.element.BlockElements.button;
import static com.slack.api.model.block.element.BlockElements.plainTextInput;
import static com.slack.api.model.view.Views.view;
import static com.slack.api.model.view.Views.viewTitle;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.gson.JsonObject;
import com.slack.api.Slack;
import com.slack.api.bolt.App;
import com.slack.api.bolt.AppConfig;
import com.slack.api.bolt.socket_mode.SocketModeApp;
import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.response.chat.ChatPostMessageResponse;
import com.slack.api.methods.response.conversations.ConversationsHistoryResponse;
import com.slack.api.methods.response.views.ViewsOpenResponse;
import com.slack.api.model.File;
import com.slack.api.model.Message;
import com.slack.api.model.event.AppHomeOpenedEvent;
import com.slack.api.model.event.MessageChangedEvent;
import com.slack.api.model.event.MessageDeletedEvent;
import com.slack.api.model.event.MessageEvent;
import com.slack.api.model.event.MessageFileShareEvent;
import com.slack.api.model.event.ReactionAddedEvent;
import com.slack.api.model.event.ReactionRemovedEvent;
import com.slack.api.model.view.ViewState;
import com.slack.api.socket_mode.SocketModeClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Proves {@link FakeSlack} against the real Bolt for Java: an {@link App} in Socket Mode over the
 * Java-WebSocket backend, its Web API client pointed at the fake through {@link com.slack.api.SlackConfig}.
 */
class FakeSlackTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final String CHANNEL = "C0STAFF01";
    private static final String OTHER_CHANNEL = "C0STAFF02";
    private static final String ALICE = "U0ALICE01";

    private FakeSlack slack;
    private RunningBolt bolt;

    @BeforeEach
    void startFake() {
        slack = FakeSlack.builder()
                .user(FakeUser.of(ALICE, "alice", "Alice Adams"))
                .channel(CHANNEL, "staffroom")
                .start();
    }

    @AfterEach
    void stop() throws Exception {
        if (bolt != null) {
            bolt.close();
        }
        slack.close();
    }

    /** A Bolt app in Socket Mode against the fake, started the way the bot starts it. */
    private static final class RunningBolt implements AutoCloseable {
        final Slack sdk;
        final App app;
        final SocketModeApp socketMode;

        /** {@code concurrency} 0 uses the default constructor (no listener pool). */
        RunningBolt(FakeSlack fake, Consumer<App> listeners, int concurrency) throws Exception {
            this.sdk = Slack.getInstance(fake.slackConfig());
            this.app = new App(AppConfig.builder()
                    .slack(sdk)
                    .singleTeamBotToken(fake.botToken())
                    .build());
            listeners.accept(app);
            this.socketMode = concurrency == 0
                    ? new SocketModeApp(fake.appToken(), SocketModeClient.Backend.JavaWebSocket, app)
                    : new SocketModeApp(fake.appToken(), app, SocketModeClient.Backend.JavaWebSocket, concurrency);
            socketMode.startAsync();
        }

        @Override
        public void close() throws Exception {
            SocketModeClient client = socketMode.getClient();
            socketMode.close();
            if (client != null) {
                client.close(); // SocketModeApp.close() leaves the client's executors running
            }
            sdk.close();
        }
    }

    private RunningBolt startBolt(Consumer<App> listeners) throws Exception {
        return startBolt(listeners, 0);
    }

    private RunningBolt startBolt(Consumer<App> listeners, int concurrency) throws Exception {
        bolt = new RunningBolt(slack, listeners, concurrency);
        slack.awaitConnection(1, WAIT);
        return bolt;
    }

    /** A listener that blocks on {@code release} for messages saying "slow" and records every text. */
    private static Consumer<App> slowAndFast(CountDownLatch release, List<String> handled) {
        return app -> app.event(MessageEvent.class, (req, ctx) -> {
            if ("slow".equals(req.getEvent().getText())) {
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            handled.add(req.getEvent().getText());
            return ctx.ack();
        });
    }

    // ------------------------------------------------------------------ start-up

    @Test
    void boltStartsAgainstTheFake() throws Exception {
        startBolt(app -> {});

        ConnectionInfo first = slack.connections().get(0);
        assertThat(first.resource()).startsWith("/link/?ticket=").contains("app_id=" + slack.appId());
        // Bot token: the SDK's team-id cache, then App.start()'s own check. App token: the team-id cache again.
        // Then one URL for the client factory and one for the first connect (that first ticket is never used).
        assertThat(slack.calls())
                .allMatch(RecordedCall::ok)
                .extracting(c -> c.method() + "/" + c.tokenKind())
                .containsExactly(
                        "auth.test/bot",
                        "auth.test/bot",
                        "auth.test/app",
                        "apps.connections.open/app",
                        "apps.connections.open/app");
        // startAsync() connects on a thread of its own: the fake sees the socket open a moment before the client
        // has its session, so wait for the client's side (a ping answered) rather than read it once.
        await().atMost(WAIT).until(() -> {
            SocketModeClient client = bolt.socketMode.getClient();
            return client != null && client.verifyConnection();
        });
        assertThat(slack.openConnections()).isEqualTo(1);
    }

    /**
     * Bolt's client factory logs and swallows the failed {@code apps.connections.open} and returns null, so
     * {@code startAsync()} fails with a NullPointerException; calling it again retries.
     */
    @Test
    void rateLimitedConnectionsOpenMakesStartFailUntilCalledAgain() throws Exception {
        slack.rateLimitNext("apps.connections.open", 1, 30);
        bolt = null;
        Slack sdk = Slack.getInstance(slack.slackConfig());
        App app = new App(AppConfig.builder()
                .slack(sdk)
                .singleTeamBotToken(slack.botToken())
                .build());
        SocketModeApp socketMode = new SocketModeApp(slack.appToken(), SocketModeClient.Backend.JavaWebSocket, app);
        try {
            assertThatThrownBy(socketMode::startAsync).isInstanceOf(NullPointerException.class);
            assertThat(slack.calls("apps.connections.open"))
                    .extracting(RecordedCall::status)
                    .containsExactly(429);
            assertThat(slack.connectCount()).isZero();

            socketMode.startAsync();
            slack.awaitConnection(1, WAIT);
            assertThat(slack.calls("apps.connections.open"))
                    .extracting(RecordedCall::status)
                    .containsExactly(429, 200, 200);
        } finally {
            SocketModeClient client = socketMode.getClient();
            socketMode.close();
            if (client != null) {
                client.close();
            }
            sdk.close();
        }
    }

    // ------------------------------------------------------------------ events

    @Test
    void pushedMessageReachesTheListenerAndIsAcked() throws Exception {
        List<MessageEvent> seen = new CopyOnWriteArrayList<>();
        startBolt(app -> app.event(MessageEvent.class, (req, ctx) -> {
            seen.add(req.getEvent());
            return ctx.ack();
        }));

        JsonObject event = slack.payloads().message(CHANNEL, ALICE, "Great lesson today #kudos");
        Envelope envelope = slack.pushEvent(event);
        Ack ack = envelope.awaitAck(WAIT);

        assertThat(ack.payload()).isNull();
        assertThat(ack.raw()).isEqualTo("{\"envelope_id\":\"" + envelope.id() + "\"}");
        assertThat(ack.latency()).isLessThan(Duration.ofSeconds(3));
        assertThat(seen).singleElement().satisfies(e -> {
            assertThat(e.getText()).isEqualTo("Great lesson today #kudos");
            assertThat(e.getUser()).isEqualTo(ALICE);
            assertThat(e.getChannel()).isEqualTo(CHANNEL);
            assertThat(e.getChannelType()).isEqualTo("channel");
            assertThat(e.getTs()).isEqualTo(event.get("ts").getAsString());
        });
        // The first request re-runs auth.test inline (Bolt's cache starts expired); later ones reuse it for 10 min.
        assertThat(slack.callCount("auth.test")).isEqualTo(4);
        slack.pushEvent(slack.payloads().message(CHANNEL, ALICE, "again")).awaitAck(WAIT);
        assertThat(slack.callCount("auth.test")).isEqualTo(4);
        // The fake stored the message the event describes, so the bot can thread under it or react to it.
        assertThat(slack.messages(CHANNEL))
                .extracting(StoredMessage::text)
                .containsExactly("Great lesson today #kudos", "again");
    }

    @Test
    void ownMessagesAreAckedSilentlyAndUnhandledSubtypesAreNeverAcked() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        startBolt(app -> app.event(MessageEvent.class, (req, ctx) -> {
            seen.add(req.getEvent().getText());
            return ctx.ack();
        }));
        JsonObject original = slack.payloads().message(CHANNEL, ALICE, "first");
        slack.pushEvent(original).awaitAck(WAIT);

        // Bolt's IgnoringSelfEvents drops the bot's own message but still answers 200, so it is acked.
        Envelope own = slack.pushEvent(slack.payloads().message(CHANNEL, slack.botUserId(), "from the bot"));
        own.awaitAck(WAIT);

        // message_changed is "message:message_changed" to Bolt: no listener, 404, and no ack at all.
        Envelope changed = slack.pushEvent(
                slack.payloads().messageChanged(CHANNEL, original.get("ts").getAsString(), "first (edited)"));
        slack.pushEvent(slack.payloads().message(CHANNEL, ALICE, "second")).awaitAck(WAIT);
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> !changed.acked());

        assertThat(seen).containsExactly("first", "second");
        assertThat(slack.message(CHANNEL, original.get("ts").getAsString()))
                .hasValueSatisfying(m -> assertThat(m.text()).isEqualTo("first (edited)"));
    }

    @Test
    void duplicatesReachTheListenerBecauseBoltDoesNotDedupe() throws Exception {
        List<String> eventIds = new CopyOnWriteArrayList<>();
        List<Integer> retryNums = new CopyOnWriteArrayList<>();
        startBolt(app -> {
            app.event(MessageEvent.class, (req, ctx) -> {
                eventIds.add(req.getEventId());
                retryNums.add(ctx.getRetryNum());
                return ctx.ack();
            });
            app.event(MessageChangedEvent.class, (req, ctx) -> ctx.ack());
        });
        Envelope first = slack.pushEvent(slack.payloads().message(CHANNEL, ALICE, "vote for me"));
        first.awaitAck(WAIT);
        String eventId = first.payload().get("event_id").getAsString();

        slack.resendSameEnvelope(first.id()); // transport duplicate
        Envelope retry = slack.redeliver(first.id(), "timeout"); // Slack's retry: new envelope, attempt 1
        Envelope renamed = slack.pushWithNewEventId(first.id()); // same event, new event_id

        retry.awaitAck(WAIT);
        renamed.awaitAck(WAIT);
        await().atMost(WAIT).until(() -> first.ackCount() == 2);

        assertThat(eventIds).hasSize(4);
        assertThat(eventIds.subList(0, 3)).containsOnly(eventId);
        assertThat(eventIds.get(3)).isNotEqualTo(eventId);
        assertThat(retryNums).containsExactlyInAnyOrder(0, 0, 1, 0);
        assertThat(retry.redeliveryOf()).isEqualTo(first.id());
    }

    @Test
    void burstOfEventsIsAllAcked() throws Exception {
        AtomicInteger handled = new AtomicInteger();
        startBolt(app -> app.event(MessageEvent.class, (req, ctx) -> {
            handled.incrementAndGet();
            return ctx.ack();
        }));
        List<Envelope> burst = slack.pushBurst(50, i -> slack.payloads().message(CHANNEL, ALICE, "message " + i));

        await().atMost(Duration.ofSeconds(10)).until(() -> burst.stream().allMatch(Envelope::acked));
        assertThat(handled.get()).isEqualTo(50);
        assertThat(slack.ackLatencies()).hasSize(50);
        assertThat(slack.unacked()).isEmpty();
        assertThat(slack.strayAcks()).isEmpty();
    }

    @Test
    void theAckIsSentOnlyAfterTheListenerReturns() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        List<String> handled = new CopyOnWriteArrayList<>();
        startBolt(slowAndFast(release, handled));
        Envelope envelope = slack.pushEvent(slack.payloads().message(CHANNEL, ALICE, "slow"));

        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> !envelope.acked());
        release.countDown();
        Ack ack = envelope.awaitAck(WAIT);
        assertThat(ack.latency()).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }

    /**
     * The SDK's "10 message processors" are 10 tasks on one single-thread scheduler, so without a pool one
     * slow listener holds up every envelope behind it ({@code disconnect} messages included).
     */
    @Test
    void withoutAPoolOneSlowListenerBlocksEveryOtherEnvelope() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        List<String> handled = new CopyOnWriteArrayList<>();
        startBolt(slowAndFast(release, handled));
        Envelope slow = slack.pushEvent(slack.payloads().message(CHANNEL, ALICE, "slow"));
        Envelope fast = slack.pushEvent(slack.payloads().message(CHANNEL, ALICE, "fast"));

        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> !fast.acked());
        assertThat(handled).isEmpty();
        release.countDown();
        fast.awaitAck(WAIT);
        slow.awaitAck(WAIT);
        assertThat(handled).containsExactly("slow", "fast");
    }

    @Test
    void withAPoolOtherEnvelopesPassASlowListener() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        List<String> handled = new CopyOnWriteArrayList<>();
        startBolt(slowAndFast(release, handled), 4);
        Envelope slow = slack.pushEvent(slack.payloads().message(CHANNEL, ALICE, "slow"));
        Envelope fast = slack.pushEvent(slack.payloads().message(CHANNEL, ALICE, "fast"));

        fast.awaitAck(WAIT);
        assertThat(slow.acked()).isFalse();
        release.countDown();
        slow.awaitAck(WAIT);
        assertThat(handled).containsExactly("fast", "slow");
    }

    /** With Slack-like retries switched on, a listener slower than the ack deadline gets the event twice. */
    @Test
    void aSlowAckDrawsARetry() throws Exception {
        slack.retryUnackedAfter(Duration.ofMillis(300), 3);
        CountDownLatch retrySeen = new CountDownLatch(1);
        List<Integer> attempts = new CopyOnWriteArrayList<>();
        startBolt(
                app -> app.event(MessageEvent.class, (req, ctx) -> {
                    attempts.add(ctx.getRetryNum());
                    if (Integer.valueOf(0).equals(ctx.getRetryNum())) {
                        try {
                            retrySeen.await(5, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    } else {
                        retrySeen.countDown();
                    }
                    return ctx.ack();
                }),
                4);
        Envelope first = slack.pushEvent(slack.payloads().message(CHANNEL, ALICE, "slow one"));

        Envelope retry = slack.awaitAckedRedelivery(first.id(), WAIT);
        Ack late = first.awaitAck(WAIT);

        assertThat(retry.retryAttempt()).isEqualTo(1);
        assertThat(retry.retryReason()).isEqualTo("timeout");
        assertThat(retry.payload().get("event_id")).isEqualTo(first.payload().get("event_id"));
        assertThat(attempts).containsExactly(0, 1);
        assertThat(late.latency()).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        assertThat(slack.redeliveriesOf(first.id())).hasSize(1);
    }

    @Test
    void everyEventPayloadParsesIntoBoltsModelClasses() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        startBolt(app -> {
            app.event(MessageEvent.class, (req, ctx) -> {
                MessageEvent e = req.getEvent();
                seen.add("message:" + e.getChannelType() + ":" + e.getText() + ":" + e.getThreadTs());
                return ctx.ack();
            });
            app.event(MessageChangedEvent.class, (req, ctx) -> {
                MessageChangedEvent e = req.getEvent();
                seen.add("changed:" + e.getPreviousMessage().getMessage().getText() + "->"
                        + e.getMessage().getText());
                return ctx.ack();
            });
            app.event(MessageDeletedEvent.class, (req, ctx) -> {
                seen.add("deleted:"
                        + req.getEvent()
                                .getDeletedTs()
                                .equals(req.getEvent().getPreviousMessage().getTs()));
                return ctx.ack();
            });
            app.event(MessageFileShareEvent.class, (req, ctx) -> {
                File f = req.getEvent().getFiles().get(0);
                seen.add("files:" + f.getName() + ":" + f.getMimetype() + ":"
                        + f.getUrlPrivate().startsWith(slack.baseUrl()));
                return ctx.ack();
            });
            app.event(ReactionAddedEvent.class, (req, ctx) -> {
                ReactionAddedEvent e = req.getEvent();
                seen.add("reaction+:" + e.getReaction() + ":" + e.getItem().getTs() + ":" + e.getItemUser());
                return ctx.ack();
            });
            app.event(ReactionRemovedEvent.class, (req, ctx) -> {
                seen.add("reaction-:" + req.getEvent().getReaction());
                return ctx.ack();
            });
            app.event(AppHomeOpenedEvent.class, (req, ctx) -> {
                seen.add(
                        "home:" + req.getEvent().getTab() + ":" + req.getEvent().getUser());
                return ctx.ack();
            });
            app.messageShortcut("save_idea", (req, ctx) -> {
                seen.add("shortcut:" + req.getPayload().getMessage().getText() + ":"
                        + req.getPayload().getChannel().getId());
                return ctx.ack();
            });
        });
        SlackPayloads p = slack.payloads();
        JsonObject parent = p.message(CHANNEL, ALICE, "parent");
        String parentTs = parent.get("ts").getAsString();
        List<Envelope> pushed = new ArrayList<>();
        pushed.add(slack.pushEvent(parent));
        pushed.add(slack.pushEvent(p.threadReply(CHANNEL, ALICE, "reply", parentTs)));
        pushed.add(slack.pushEvent(p.directMessage(ALICE, "hello bot")));
        pushed.add(slack.pushEvent(p.messageChanged(CHANNEL, parentTs, "parent (edited)")));
        pushed.add(slack.pushEvent(p.fileShare(CHANNEL, ALICE, "our display", p.file("display.jpg", "image/jpeg"))));
        pushed.add(slack.pushEvent(p.reactionAdded(ALICE, "tada", CHANNEL, parentTs)));
        pushed.add(slack.pushEvent(p.reactionRemoved(ALICE, "tada", CHANNEL, parentTs)));
        pushed.add(slack.pushEvent(p.appHomeOpened(ALICE, "home")));
        pushed.add(slack.pushInteractive(p.messageShortcut("save_idea", ALICE, CHANNEL, parentTs)));
        pushed.add(slack.pushEvent(p.messageDeleted(CHANNEL, parentTs)));
        for (Envelope e : pushed) {
            e.awaitAck(WAIT);
        }

        assertThat(seen)
                .containsExactlyInAnyOrder(
                        "message:channel:parent:null",
                        "message:channel:reply:" + parentTs,
                        "message:im:hello bot:null",
                        "changed:parent->parent (edited)",
                        "files:display.jpg:image/jpeg:true",
                        "reaction+:tada:" + parentTs + ":" + ALICE,
                        "reaction-:tada",
                        "home:home:" + ALICE,
                        "shortcut:parent (edited):" + CHANNEL,
                        "deleted:true");
        assertThat(slack.message(CHANNEL, parentTs)).isEmpty();
    }

    // ------------------------------------------------------------------ slash commands and interactivity

    @Test
    void slashCommandIsAckedWithAResponseBodyAndCanUseItsResponseUrl() throws Exception {
        List<String> texts = new CopyOnWriteArrayList<>();
        startBolt(app -> {
            app.command("/kudos", (req, ctx) -> {
                texts.add(req.getPayload().getText());
                return ctx.ack("Kudos recorded");
            });
            app.command("/later", (req, ctx) -> {
                ctx.respond("Done later");
                return ctx.ack();
            });
        });

        Envelope kudos = slack.pushSlashCommand(
                slack.payloads().slashCommand("/kudos", "<@U0BOB> great assembly", ALICE, CHANNEL));
        Ack ack = kudos.awaitAck(WAIT);
        assertThat(kudos.acceptsResponsePayload()).isTrue();
        assertThat(Json.parseObject(ack.raw()))
                .isEqualTo(Json.obj("envelope_id", kudos.id(), "payload", Json.obj("text", "Kudos recorded")));
        assertThat(texts).containsExactly("<@U0BOB> great assembly");

        slack.pushSlashCommand(slack.payloads().slashCommand("/later", "", ALICE, CHANNEL))
                .awaitAck(WAIT);
        ResponseUrlPost post = slack.awaitResponseUrlPost(p -> "Done later".equals(p.text()), WAIT);
        assertThat(post.status()).isEqualTo(200);
    }

    @Test
    void blockActionOpensAModalAndTheViewSubmissionReachesItsListener() throws Exception {
        List<String> clicked = new CopyOnWriteArrayList<>();
        List<Map<String, Map<String, ViewState.Value>>> submitted = new CopyOnWriteArrayList<>();
        List<String> metadata = new CopyOnWriteArrayList<>();
        startBolt(app -> {
            app.blockAction("review_draft", (req, ctx) -> {
                clicked.add(req.getPayload().getActions().get(0).getValue() + "@"
                        + req.getPayload().getContainer().getMessageTs());
                ViewsOpenResponse opened = ctx.client()
                        .viewsOpen(r -> r.triggerId(req.getPayload().getTriggerId())
                                .view(view(v -> v.type("modal")
                                        .callbackId("draft_review")
                                        .privateMetadata("draft-7")
                                        .title(viewTitle(
                                                t -> t.type("plain_text").text("Review")))
                                        .blocks(asBlocks(input(i -> i.blockId("reason")
                                                .label(plainText("Why"))
                                                .element(plainTextInput(p -> p.actionId("reason_input")))))))));
                assertThat(opened.isOk()).as(opened.getError()).isTrue();
                return ctx.ack();
            });
            app.viewSubmission("draft_review", (req, ctx) -> {
                submitted.add(req.getPayload().getView().getState().getValues());
                metadata.add(req.getPayload().getView().getPrivateMetadata());
                if (req.getPayload()
                        .getView()
                        .getState()
                        .getValues()
                        .get("reason")
                        .get("reason_input")
                        .getValue()
                        .isBlank()) {
                    return ctx.ack(r -> r.responseAction("errors").errors(Map.of("reason", "Say why")));
                }
                return ctx.ack();
            });
        });
        // The bot posts a review card; a teacher clicks its button.
        ChatPostMessageResponse card = bolt.app
                .client()
                .chatPostMessage(r -> r.channel(CHANNEL)
                        .text("Draft 7")
                        .blocks(asBlocks(actions(a -> a.blockId("review")
                                .elements(asElements(button(b -> b.actionId("review_draft")
                                        .value("draft-7")
                                        .text(plainText("Review")))))))));
        assertThat(card.isOk()).isTrue();

        Envelope click = slack.pushInteractive(slack.payloads()
                .blockActions(ALICE, "review_draft")
                .blockId("review")
                .value("draft-7")
                .onMessage(CHANNEL, card.getTs())
                .build());
        click.awaitAck(WAIT);
        assertThat(click.acceptsResponsePayload()).isFalse();
        assertThat(clicked).containsExactly("draft-7@" + card.getTs());
        StoredView modal = slack.views().get(0);
        assertThat(modal.callbackId()).isEqualTo("draft_review");
        assertThat(modal.userId()).isEqualTo(ALICE);

        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("maths", "Maths");
        tags.put("ks3", "KS3");
        Envelope empty = slack.pushInteractive(slack.payloads()
                .viewSubmission(ALICE, "draft_review")
                .of(modal)
                .plainText("reason", "reason_input", " ")
                .build());
        assertThat(empty.acceptsResponsePayload()).isTrue();
        assertThat(empty.awaitAck(WAIT).payload())
                .isEqualTo(Json.obj("response_action", "errors", "errors", Json.obj("reason", "Say why")));

        Envelope full = slack.pushInteractive(slack.payloads()
                .viewSubmission(ALICE, "draft_review")
                .of(modal)
                .plainText("reason", "reason_input", "Lovely photo")
                .staticSelect("school", "school_select", "north", "North Academy")
                .multiStaticSelect("tags", "tags_select", tags)
                .checkboxes("consent", "consent_check", Map.of("confirmed", "Parents consented"))
                .datepicker("when", "when_date", "2026-12-01")
                .build());
        assertThat(full.awaitAck(WAIT).payload()).isNull();

        Map<String, Map<String, ViewState.Value>> values = submitted.get(1);
        assertThat(values.get("reason").get("reason_input").getValue()).isEqualTo("Lovely photo");
        assertThat(values.get("school").get("school_select").getSelectedOption().getValue())
                .isEqualTo("north");
        assertThat(values.get("tags").get("tags_select").getSelectedOptions())
                .extracting(ViewState.SelectedOption::getValue)
                .containsExactly("maths", "ks3");
        assertThat(values.get("consent").get("consent_check").getSelectedOptions())
                .extracting(ViewState.SelectedOption::getValue)
                .containsExactly("confirmed");
        assertThat(values.get("when").get("when_date").getSelectedDate()).isEqualTo("2026-12-01");
        assertThat(metadata).containsOnly("draft-7");
    }

    // ------------------------------------------------------------------ Web API through the bot's client

    @Test
    void postedMetadataLandsInChannelStateAndComesBackFromHistory() throws Exception {
        startBolt(app -> {});
        MethodsClient client = bolt.app.client();
        Map<String, Object> marker = Map.of("delivery_key", "qotd:2026-11-25:" + CHANNEL, "occurrence_id", 42);
        ChatPostMessageResponse posted = client.chatPostMessage(r -> r.token(slack.botToken())
                .channel(CHANNEL)
                .text("Question of the day")
                .unfurlLinks(false)
                .unfurlMedia(false)
                .metadata(new Message.Metadata("staffroom_delivery", marker)));
        assertThat(posted.isOk()).isTrue();
        assertThat(posted.getMessage().getMetadata().getEventType()).isEqualTo("staffroom_delivery");

        StoredMessage stored = slack.message(CHANNEL, posted.getTs()).orElseThrow();
        assertThat(stored.metadataEventType()).isEqualTo("staffroom_delivery");
        assertThat(stored.metadataPayload().get("delivery_key").getAsString()).isEqualTo("qotd:2026-11-25:" + CHANNEL);
        assertThat(stored.unfurlLinks()).isFalse();
        assertThat(stored.unfurlMedia()).isFalse();
        assertThat(stored.user()).isEqualTo(slack.botUserId());

        ConversationsHistoryResponse withMetadata = client.conversationsHistory(r -> r.token(slack.botToken())
                .channel(CHANNEL)
                .includeAllMetadata(true)
                .limit(10));
        assertThat(withMetadata.getMessages()).singleElement().satisfies(m -> {
            assertThat(m.getTs()).isEqualTo(posted.getTs());
            assertThat(m.getMetadata().getEventType()).isEqualTo("staffroom_delivery");
            assertThat(m.getMetadata().getEventPayload()).containsEntry("delivery_key", "qotd:2026-11-25:" + CHANNEL);
            // Gson reads numbers in the Map<String, Object> payload back as Double: keep markers as strings.
            assertThat(m.getMetadata().getEventPayload()).containsEntry("occurrence_id", 42.0);
        });
        ConversationsHistoryResponse plain =
                client.conversationsHistory(r -> r.token(slack.botToken()).channel(CHANNEL));
        assertThat(plain.getMessages().get(0).getMetadata()).isNull();

        ConversationsHistoryResponse newer = client.conversationsHistory(
                r -> r.token(slack.botToken()).channel(CHANNEL).oldest(posted.getTs()));
        assertThat(newer.getMessages()).isEmpty();
    }

    @Test
    void rateLimitedPostMessageThrowsFromThePlainClientAndIsRetriedByTheAsyncOne() throws Exception {
        startBolt(app -> {});
        MethodsClient client = bolt.app.client();
        slack.rateLimitNext("chat.postMessage", 1, 7);

        assertThatThrownBy(() -> client.chatPostMessage(
                        r -> r.token(slack.botToken()).channel(CHANNEL).text("hi")))
                .isInstanceOfSatisfying(SlackApiException.class, e -> {
                    assertThat(e.getResponse().code()).isEqualTo(429);
                    assertThat(e.getResponse().header("Retry-After")).isEqualTo("7");
                    assertThat(e.getError().getError()).isEqualTo("ratelimited");
                });
        assertThat(slack.botMessages()).isEmpty();
        assertThat(client.chatPostMessage(
                                r -> r.token(slack.botToken()).channel(CHANNEL).text("hi"))
                        .isOk())
                .isTrue();

        // The async client waits Retry-After and tries again by itself. (Another channel: its limiter keys
        // on method and channel, and it would otherwise wait out the 7 s the plain client was told.)
        slack.rateLimitNext("chat.postMessage", 1, 1);
        ChatPostMessageResponse retried = bolt.sdk
                .methodsAsync(slack.botToken())
                .chatPostMessage(r -> r.channel(OTHER_CHANNEL).text("paced"))
                .get(10, TimeUnit.SECONDS);
        assertThat(retried.isOk()).isTrue();
        assertThat(slack.calls("chat.postMessage"))
                .extracting(RecordedCall::status)
                .containsExactly(429, 200, 429, 200);
        assertThat(slack.messages(CHANNEL)).extracting(StoredMessage::text).containsExactly("hi");
        assertThat(slack.messages(OTHER_CHANNEL))
                .extracting(StoredMessage::text)
                .containsExactly("paced");
    }

    // ------------------------------------------------------------------ connection faults

    @Test
    void disconnectMakesBoltReconnectAndLaterEventsStillArrive() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        startBolt(app -> app.event(MessageEvent.class, (req, ctx) -> {
            seen.add(req.getEvent().getText());
            return ctx.ack();
        }));
        int opensAtStart = slack.callCount("apps.connections.open");

        // Bolt reconnects on any disconnect reason, "warning" included.
        slack.sendDisconnect("warning");
        slack.awaitConnection(2, WAIT);
        Ack afterWarning = slack.pushEvent(slack.payloads().message(CHANNEL, ALICE, "after warning"))
                .awaitAck(WAIT);

        slack.sendDisconnect("refresh_requested");
        slack.awaitConnection(3, WAIT);
        Ack afterRefresh = slack.pushEvent(slack.payloads().message(CHANNEL, ALICE, "after refresh"))
                .awaitAck(WAIT);

        assertThat(afterWarning.connectionId()).isEqualTo(2);
        assertThat(afterRefresh.connectionId()).isEqualTo(3);
        assertThat(slack.callCount("apps.connections.open")).isEqualTo(opensAtStart + 2);
        await().atMost(WAIT)
                .until(() -> slack.connections().stream()
                                .filter(ConnectionInfo::open)
                                .count()
                        == 1);
        assertThat(seen).containsExactly("after warning", "after refresh");
    }

    /**
     * Slack closes a socket it asked to be refreshed about five seconds later, whether or not the client
     * has moved: a client that stays on it is cut off (code 1000) then, not at once and not never.
     */
    @Test
    void aSocketAskedToRefreshIsClosedFiveSecondsLaterWhenTheClientStays() throws Exception {
        List<String> frames = new CopyOnWriteArrayList<>();
        java.util.concurrent.CompletableFuture<Integer> closed = new java.util.concurrent.CompletableFuture<>();
        java.net.http.WebSocket socket = java.net.http.HttpClient.newHttpClient()
                .newWebSocketBuilder()
                .buildAsync(java.net.URI.create(slack.socketModeUrl()), new java.net.http.WebSocket.Listener() {
                    @Override
                    public java.util.concurrent.CompletionStage<?> onText(
                            java.net.http.WebSocket ws, CharSequence data, boolean last) {
                        frames.add(data.toString());
                        ws.request(1);
                        return null;
                    }

                    @Override
                    public java.util.concurrent.CompletionStage<?> onClose(
                            java.net.http.WebSocket ws, int code, String reason) {
                        closed.complete(code);
                        return null;
                    }
                })
                .get(5, java.util.concurrent.TimeUnit.SECONDS);
        await().atMost(WAIT).until(() -> frames.stream().anyMatch(f -> f.contains("\"hello\"")));

        long asked = System.nanoTime();
        slack.sendDisconnect("refresh_requested");
        await().atMost(WAIT).until(() -> frames.stream().anyMatch(f -> f.contains("refresh_requested")));
        int code = closed.get(15, java.util.concurrent.TimeUnit.SECONDS);
        Duration open = Duration.ofNanos(System.nanoTime() - asked);

        assertThat(code).isEqualTo(1000);
        assertThat(open)
                .as("closed after the client was asked to refresh")
                .isBetween(Duration.ofMillis(4_500), Duration.ofMillis(8_000));
        await().atMost(WAIT).until(() -> slack.openConnections() == 0);
        assertThat(slack.connections())
                .singleElement()
                .satisfies(c -> assertThat(c.closeCode()).isEqualTo(1000));
        socket.abort();
    }

    /**
     * A 429 on the {@code apps.connections.open} that a {@code disconnect} triggers is logged by Bolt's
     * message processor and nothing else happens: the old socket stays in use until Slack closes it, and
     * then only the session monitor (every 5 s) reconnects.
     */
    @Test
    void rateLimitedReconnectLeavesBoltToItsSessionMonitor() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        startBolt(app -> app.event(MessageEvent.class, (req, ctx) -> {
            seen.add(req.getEvent().getText());
            return ctx.ack();
        }));
        slack.rateLimitNext("apps.connections.open", 1, 1);

        slack.sendDisconnect("refresh_requested", Duration.ofMillis(200));
        slack.awaitCall("apps.connections.open", c -> c.status() == 429, WAIT);
        await().atMost(WAIT).until(() -> slack.openConnections() == 0);
        Envelope whileDown = slack.pushEvent(slack.payloads().message(CHANNEL, ALICE, "while down"));

        slack.awaitConnection(2, Duration.ofSeconds(15));
        whileDown.awaitAck(WAIT);
        assertThat(whileDown.connectionId()).isEqualTo(2);
        assertThat(seen).containsExactly("while down");
        assertThat(slack.calls("apps.connections.open"))
                .extracting(RecordedCall::status)
                .containsExactly(200, 200, 429, 200);
    }

    @Test
    void unackedEnvelopeIsRedeliveredAfterADroppedConnection() throws Exception {
        List<Integer> attempts = new CopyOnWriteArrayList<>();
        List<String> reasons = new CopyOnWriteArrayList<>();
        startBolt(app -> app.event(MessageEvent.class, (req, ctx) -> {
            attempts.add(ctx.getRetryNum());
            reasons.add(String.valueOf(ctx.getRetryReason()));
            if (Integer.valueOf(0).equals(ctx.getRetryNum())) {
                throw new IllegalStateException("simulated crash before the ack"); // Bolt sends no ack
            }
            return ctx.ack();
        }));
        Envelope first = slack.pushEvent(slack.payloads().message(CHANNEL, ALICE, "important"));
        await().atMost(WAIT).until(() -> attempts.size() == 1);

        slack.dropConnections();
        // No auto-reconnect on close in Bolt 1.51: its session monitor (every 5 s) notices the dead socket.
        slack.awaitConnection(2, Duration.ofSeconds(15));
        Envelope redelivered = slack.awaitAckedRedelivery(first.id(), WAIT);

        assertThat(first.acked()).isFalse();
        assertThat(redelivered.retryAttempt()).isEqualTo(1);
        assertThat(redelivered.payload().get("event_id"))
                .isEqualTo(first.payload().get("event_id"));
        assertThat(redelivered.connectionId()).isEqualTo(2);
        assertThat(attempts).containsExactly(0, 1);
        assertThat(reasons.get(1)).isEqualTo("timeout");
    }

    @Test
    void halfOpenSocketIsDetectedByBoltAndReplaced() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        startBolt(app -> app.event(MessageEvent.class, (req, ctx) -> {
            seen.add(req.getEvent().getText());
            return ctx.ack();
        }));
        slack.halfOpen();
        long start = System.nanoTime();
        Envelope queued = slack.pushEvent(slack.payloads().message(CHANNEL, ALICE, "sent while half-open"));
        assertThat(queued.sentAt()).isNull(); // nothing is written to a half-open socket
        assertThat(slack.queuedEnvelopes()).isEqualTo(1);

        slack.awaitConnection(2, Duration.ofSeconds(15));
        Duration detection = Duration.ofNanos(System.nanoTime() - start);
        queued.awaitAck(WAIT);
        assertThat(seen).containsExactly("sent while half-open");
        assertThat(slack.connections().get(0).halfOpen()).isTrue();
        assertThat(detection).isLessThan(Duration.ofSeconds(12)); // monitor every 5 s + 3 s ping wait
        System.out.println("half-open socket replaced after " + detection.toMillis() + " ms");
    }
}
