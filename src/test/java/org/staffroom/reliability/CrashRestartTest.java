package org.staffroom.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.staffroom.StaffroomApplication;
import org.staffroom.approvals.ReviewRequest;
import org.staffroom.approvals.Reviews;
import org.staffroom.chat.Chat;
import org.staffroom.chat.InboundEvents;
import org.staffroom.chat.MessageRef;
import org.staffroom.chat.Ticker;
import org.staffroom.config.Approvals;
import org.staffroom.config.Platform;
import org.staffroom.slack.SlackTrust;
import org.staffroom.testing.MutableClock;
import org.staffroom.testing.TestClockConfiguration;
import org.staffroom.testing.slack.Envelope;
import org.staffroom.testing.slack.FakeSlack;

/**
 * A process killed and started again, as two application contexts one after the other on one H2
 * file database, with Slack in Socket Mode on a {@link FakeSlack} that outlives them. R9: the
 * process dies after receiving (and recording) an event, before its ack left and before the event
 * was handled; Slack delivers it again to the new process. Also the restart trigger of
 * reconciliation: a ✅ given on a review card while the bot was down counts once after the start.
 */
class CrashRestartTest {

    static final FakeSlack SLACK = SlackTrust.fake().start();

    @TempDir
    Path dir;

    @AfterAll
    static void closeFake() {
        SLACK.close();
    }

    @Test
    void anEventReceivedButNeverAcknowledgedOrHandledIsHandledOnceAfterARestart() throws Exception {
        long review;
        String card;
        JsonObject event = SLACK.payloads()
                .message(SlackTrust.OAKFIELD_STAFFROOM, SlackTrust.BEN, "[hold] R9 killed mid-way #phonics");
        String key = "posted:"
                + new MessageRef(
                                new org.staffroom.chat.ChannelRef(
                                        Platform.SLACK, SlackTrust.TEAM, SlackTrust.OAKFIELD_STAFFROOM),
                                event.get("ts").getAsString(),
                                null)
                        .key();
        CountDownLatch killed = new CountDownLatch(1);
        ReliabilityWiring.Effects.hold = killed;
        try (ConfigurableApplicationContext first = start()) {
            await().atMost(30, TimeUnit.SECONDS).until(() -> SLACK.openConnections() == 1);
            review = first.getBean(Reviews.class)
                    .open(new ReviewRequest(
                            ReliabilityWiring.SUBJECT,
                            "r9-" + UUID.randomUUID(),
                            "oakfield",
                            Approvals.Target.SCHOOL,
                            "ben-hughes",
                            "Ben Hughes"));
            assertThat(first.getBean(Chat.class).awaitDelivered(Duration.ofSeconds(20)))
                    .isTrue();
            card = cardTs(first, review);

            // The process records the event, starts handling it, and dies before its ack reaches Slack.
            SLACK.loseAcks(true);
            Envelope sent = SLACK.pushEvent(event);
            JdbcClient jdbc = first.getBean(JdbcClient.class);
            await().atMost(20, TimeUnit.SECONDS)
                    .until(() -> jdbc.sql(
                                            "select count(*) from inbound_event where content_key = ? and claimed_by is not null")
                                    .param(key)
                                    .query(Long.class)
                                    .single()
                            == 1);
            assertThat(sent.acked()).isFalse();
        } finally {
            killed.countDown(); // the dead process's thread wakes to a closed database
            SLACK.loseAcks(false);
        }
        // While it was down, Amara approved on Slack; the event for it was lost.
        SLACK.addReaction(SlackTrust.OAKFIELD_REVIEW, card, "white_check_mark", SlackTrust.AMARA);

        try (ConfigurableApplicationContext second = start()) {
            JdbcClient jdbc = second.getBean(JdbcClient.class);
            ReliabilityWiring.Effects effects = second.getBean(ReliabilityWiring.Effects.class);
            // Slack sends the un-acked envelope again on the new socket; it is recognised and acknowledged.
            Envelope again = SLACK.awaitAckedRedelivery(
                    SLACK.envelopes().stream()
                            .filter(e -> e.payload().has("event")
                                    && e.payload().getAsJsonObject("event").get("ts") != null
                                    && event.get("ts")
                                            .getAsString()
                                            .equals(e.payload()
                                                    .getAsJsonObject("event")
                                                    .get("ts")
                                                    .getAsString()))
                            .findFirst()
                            .orElseThrow()
                            .id(),
                    Duration.ofSeconds(30));
            // The restart read the card back: Amara's approval counts, once.
            await().atMost(20, TimeUnit.SECONDS).until(() -> decisions(jdbc, review) == 1);

            // The dead process's claim runs out (5 minutes): the next scheduled pass hands the event over.
            Instant restarted = second.getBean(MutableClock.class).instant();
            second.getBean(MutableClock.class).advance(Duration.ofMinutes(6));
            second.getBean(Ticker.class).tickNow();
            await().atMost(20, TimeUnit.SECONDS)
                    .until(() -> second.getBean(InboundEvents.class).backlog() == 0);
            int handled = effects.count(key);

            Figures.report(
                    "R9",
                    "redelivered_acked",
                    again.acked(),
                    "handled_after_restart",
                    handled,
                    "lost",
                    handled == 0 ? 1 : 0,
                    "duplicates",
                    Math.max(0, handled - 1),
                    "restart_reconciled_votes",
                    votes(jdbc, review) + "/1",
                    "restart_transitions",
                    decisions(jdbc, review));
            assertThat(again.acked()).isTrue();
            assertThat(handled).isEqualTo(1);
            assertThat(votes(jdbc, review)).isEqualTo(1);
            assertThat(decisions(jdbc, review)).isEqualTo(1);
            assertThat(restarted).isNotNull();
        }
    }

    /**
     * The application stopped and started again in place (its lifecycle, as Spring does to a cached
     * test context it pauses and resumes): posts still go out, once.
     */
    @Test
    void anInstanceStoppedAndStartedAgainStillDelivers() {
        try (ConfigurableApplicationContext app = start()) {
            Chat chat = app.getBean(Chat.class);
            org.staffroom.chat.ChannelRef channel =
                    new org.staffroom.chat.ChannelRef(Platform.SLACK, SlackTrust.TEAM, SlackTrust.OAKFIELD_STAFFROOM);
            String before = "restart:before:" + UUID.randomUUID();
            chat.post(
                    org.staffroom.chat.Destination.channel(channel),
                    org.staffroom.chat.Message.of("Before the restart"),
                    before);
            assertThat(chat.awaitDelivered(Duration.ofSeconds(20))).isTrue();
            app.stop();
            app.start();
            String after = "restart:after:" + UUID.randomUUID();
            chat.post(
                    org.staffroom.chat.Destination.channel(channel),
                    org.staffroom.chat.Message.of("After the restart"),
                    after);
            assertThat(chat.awaitDelivered(Duration.ofSeconds(20))).isTrue();
            assertThat(chat.delivery(after)).get().matches(org.staffroom.chat.Delivery::sent);
            assertThat(SLACK.messages(SlackTrust.OAKFIELD_STAFFROOM).stream()
                            .filter(m -> m.metadata() != null
                                    && after.equals(
                                            m.metadataPayload().get("key").getAsString())))
                    .hasSize(1);
        }
    }

    private ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(
                        StaffroomApplication.class, TestClockConfiguration.class, ReliabilityWiring.class)
                .run(
                        "--spring.datasource.url=jdbc:h2:file:"
                                + dir.resolve("staffroom").toAbsolutePath() + ";DB_CLOSE_ON_EXIT=FALSE",
                        "--server.port=0",
                        "--staffroom.config-check-interval=0s",
                        "--staffroom.ticker.enabled=false",
                        "--spring.main.allow-bean-definition-overriding=true",
                        "--spring.main.banner-mode=off",
                        "--staffroom.slack.bot-token=" + SLACK.botToken(),
                        "--staffroom.slack.app-token=" + SLACK.appToken(),
                        "--staffroom.slack.api-url=" + SLACK.apiUrlPrefix(),
                        "--staffroom.slack.mode=socket",
                        "--staffroom.slack.client-id=",
                        "--staffroom.slack.client-secret=");
    }

    private static String cardTs(ConfigurableApplicationContext app, long review) {
        String key = app.getBean(JdbcClient.class)
                .sql("select delivery_key from review_card where review_id = ?")
                .param(review)
                .query(String.class)
                .single();
        return app.getBean(Chat.class).delivery(key).orElseThrow().message().id();
    }

    private static long votes(JdbcClient jdbc, long review) {
        return jdbc.sql("select count(*) from review_vote where review_id = ?")
                .param(review)
                .query(Long.class)
                .single();
    }

    private static long decisions(JdbcClient jdbc, long review) {
        return jdbc.sql("select count(*) from review_audit where review_id = ? and action = 'DECIDED'")
                .param(review)
                .query(Long.class)
                .single();
    }
}
