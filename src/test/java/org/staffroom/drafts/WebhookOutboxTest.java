package org.staffroom.drafts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.staffroom.testing.Sample.*;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.staffroom.StaffroomApplication;
import org.staffroom.chat.Chat;
import org.staffroom.chat.Ticker;
import org.staffroom.outbox.OutboxState;
import org.staffroom.testing.MutableClock;
import org.staffroom.testing.Postgres;
import org.staffroom.testing.SampleConfig;
import org.staffroom.testing.SandboxClient;
import org.staffroom.testing.SandboxClient.Seen;
import org.staffroom.testing.SandboxDrafts;
import org.staffroom.testing.TestClockConfiguration;

/**
 * The webhook's outbox on PostgreSQL with two Staffroom instances on one database, as production
 * runs: a crash between claim and record, a RuntimeException from the send, and both instances
 * ticking at the same moment. In each case the receiver gets the event exactly once and no row is
 * left claimed.
 */
class WebhookOutboxTest {

    static final String SECRET = WebhookReceiver.newSecret();
    static final WebhookReceiver WEBHOOK = new WebhookReceiver();
    static final Duration WAIT = Duration.ofSeconds(15);

    static EmbeddedPostgres postgres;
    static Path config;
    static Path files;
    static ConfigurableApplicationContext a;
    static ConfigurableApplicationContext b;
    static SandboxClient sandbox;

    @BeforeAll
    static void start() throws IOException, SQLException {
        config = SampleConfig.copy("webhook-outbox");
        files = SampleConfig.folder("webhook-outbox-files");
        postgres = EmbeddedPostgres.builder().start();
        String url = Postgres.newDatabase(postgres, "webhook");
        a = start(url, 1); // migrates the database
        b = start(url, 2);
        sandbox = new SandboxClient(Integer.parseInt(a.getEnvironment().getProperty("local.server.port")));
    }

    static ConfigurableApplicationContext start(String url, int n) {
        String[] args = {
            "--spring.profiles.active=postgres",
            "--STAFFROOM_DB_URL=" + url,
            "--STAFFROOM_DB_USER=postgres",
            "--STAFFROOM_DB_PASSWORD=postgres",
            "--STAFFROOM_DB_POOL=4",
            "--server.port=0",
            "--spring.application.name=staffroom-" + n,
            "--staffroom.config-dir=" + config,
            "--staffroom.files.dir=" + files,
            "--staffroom.config-check-interval=0s",
            "--staffroom.ticker.enabled=false",
            "--staffroom.drafts.webhook-stale-after=2m",
            "--STAFFROOM_PUBLISH_WEBHOOK_URL=" + WEBHOOK.url(),
            "--STAFFROOM_PUBLISH_WEBHOOK_SECRET=" + SECRET,
            "--spring.main.banner-mode=off"
        };
        ConfigurableApplicationContext app =
                new SpringApplicationBuilder(StaffroomApplication.class, TestClockConfiguration.class).run(args);
        app.getBean(MutableClock.class).set(TestClockConfiguration.START);
        return app;
    }

    @AfterAll
    static void stop() throws IOException {
        if (b != null) b.close();
        if (a != null) a.close();
        if (postgres != null) postgres.close();
        SampleConfig.delete(config, files);
    }

    @Test
    void aClaimLeftByACrashIsTakenOverByOneInstanceAndSentOnce() {
        Instant t = TestClockConfiguration.START.plus(Duration.ofHours(1));
        setTime(t);
        long draft = approvedDraft("Year 3 visited the castle.");
        long row = webhookRow(draft);
        // An instance claims the row and dies before it sends or records anything: this is what it leaves.
        PublishWebhook crashed = a.getBean(PublishWebhook.class);
        assertThat(crashed.outbox().claim(row, "webhook-crashed", t)).isTrue();

        tickBoth(t.plusSeconds(60)); // the claim is not stale yet: nobody touches it
        assertThat(WEBHOOK.about(draft)).isEmpty();
        assertThat(state(row)).isEqualTo(OutboxState.SENDING);

        tickBoth(t.plusSeconds(180)); // stale: one instance takes it over and sends it
        assertThat(WEBHOOK.about(draft)).hasSize(1);
        assertThat(state(row)).isEqualTo(OutboxState.SENT);
        assertThat(claimedBy(row))
                .isIn(
                        a.getBean(PublishWebhook.class).instanceId(),
                        b.getBean(PublishWebhook.class).instanceId());

        tickBoth(t.plusSeconds(3600));
        assertThat(WEBHOOK.about(draft)).hasSize(1);
    }

    @Test
    void aRuntimeExceptionFromTheSendIsRetriedNotStranded() {
        Instant t = TestClockConfiguration.START.plus(Duration.ofHours(2));
        setTime(t);
        long draft = approvedDraft("Reception baked bread.");
        long row = webhookRow(draft);
        // A URL that passes the http(s) check but that URI.create refuses: IllegalArgumentException inside the send.
        for (ConfigurableApplicationContext app : List.of(a, b)) {
            app.getEnvironment()
                    .getPropertySources()
                    .addFirst(new MapPropertySource(
                            "broken-url",
                            Map.of("STAFFROOM_PUBLISH_WEBHOOK_URL", "http://127.0.0.1:1/a path with spaces")));
        }
        try {
            tickBoth(t.plusSeconds(1));
        } finally {
            for (ConfigurableApplicationContext app : List.of(a, b))
                app.getEnvironment().getPropertySources().remove("broken-url");
        }
        assertThat(state(row)).isEqualTo(OutboxState.PENDING);
        assertThat(jdbc().sql("select last_error from draft_webhook where id = ?")
                        .param(row)
                        .query(String.class)
                        .single())
                .isEqualTo("IllegalArgumentException");
        assertThat(jdbc().sql("select attempts from draft_webhook where id = ?")
                        .param(row)
                        .query(Integer.class)
                        .single())
                .isEqualTo(1);

        tickBoth(t.plusSeconds(30)); // backing off (one minute after the first failure)
        assertThat(WEBHOOK.about(draft)).isEmpty();
        tickBoth(t.plusSeconds(62));
        assertThat(WEBHOOK.about(draft)).hasSize(1);
        assertThat(state(row)).isEqualTo(OutboxState.SENT);
        tickBoth(t.plusSeconds(3600));
        assertThat(WEBHOOK.about(draft)).hasSize(1);
    }

    @Test
    void twoInstancesTickingAtOnceSendEachEventOnce() {
        Instant t = TestClockConfiguration.START.plus(Duration.ofHours(3));
        setTime(t);
        List<Long> drafts = new ArrayList<>();
        for (int i = 1; i <= 4; i++) drafts.add(approvedDraft("Class " + i + " planted a tree."));
        for (int round = 1; round <= 3; round++) tickBoth(t.plusSeconds(round));
        for (long draft : drafts) {
            assertThat(WEBHOOK.about(draft)).as("draft %d", draft).hasSize(1);
            assertThat(state(webhookRow(draft))).isEqualTo(OutboxState.SENT);
        }
        assertThat(jdbc().sql("select count(*) from draft_webhook where state = 'SENDING'")
                        .query(Long.class)
                        .single())
                .isZero();
    }

    /** The typed payload keeps the JSON the Map made: the same fields, in the same order. */
    @Test
    void thePayloadKeepsItsFieldsAndTheirOrder() {
        Instant t = TestClockConfiguration.START.plus(Duration.ofHours(4));
        setTime(t);
        long draft = approvedDraft("Year 6 sang at the care home.");
        tickBoth(t.plusSeconds(1));
        String body = WEBHOOK.about(draft).get(0).body();
        java.util.Map<String, Object> json = DraftStore.JSON.readValue(
                body, new tools.jackson.core.type.TypeReference<java.util.LinkedHashMap<String, Object>>() {});
        assertThat(json.keySet())
                .containsExactly(
                        "event",
                        "id",
                        "sequence",
                        "school",
                        "schoolName",
                        "account",
                        "text",
                        "networks",
                        "category",
                        "wantedDate",
                        "approvedAt",
                        "images");
        assertThat(json)
                .containsEntry("event", "post.approved")
                .containsEntry("text", "Year 6 sang at the care home.")
                .containsEntry("networks", List.of("facebook"))
                .containsEntry("wantedDate", null);
    }

    // ------------------------------------------------------------------ helpers

    static void setTime(Instant t) {
        a.getBean(MutableClock.class).set(t);
        b.getBean(MutableClock.class).set(t);
    }

    /** Both instances tick at the same moment, as two instances without the ShedLock lock would. */
    static void tickBoth(Instant t) {
        setTime(t);
        CompletableFuture<Void> one =
                CompletableFuture.runAsync(() -> a.getBean(Ticker.class).tickNow());
        CompletableFuture<Void> two =
                CompletableFuture.runAsync(() -> b.getBean(Ticker.class).tickNow());
        one.join();
        two.join();
    }

    static JdbcClient jdbc() {
        return a.getBean(JdbcClient.class);
    }

    static long webhookRow(long draft) {
        return jdbc().sql("select id from draft_webhook where draft_id = ? and event = 'post.approved'")
                .param(draft)
                .query(Long.class)
                .single();
    }

    static OutboxState state(long row) {
        return OutboxState.valueOf(jdbc().sql("select state from draft_webhook where id = ?")
                .param(row)
                .query(String.class)
                .single());
    }

    static String claimedBy(long row) {
        return jdbc().sql("select claimed_by from draft_webhook where id = ?")
                .param(row)
                .query(String.class)
                .single();
    }

    /** Submits a draft in the sandbox on instance a and approves it: its post.approved row is queued. */
    static long approvedDraft(String text) {
        long id = SandboxDrafts.submit(
                sandbox, BEN, OAKFIELD_STAFFROOM, SandboxDrafts.form(text, "school", "facebook", "achievement", ""));
        settle();
        Seen card = SandboxDrafts.card(sandbox, AMARA, OAKFIELD_REVIEW, id);
        sandbox.press(AMARA, card, "approvals.approve");
        settle();
        return id;
    }

    static void settle() {
        assertThat(a.getBean(Chat.class).awaitDelivered(WAIT)).isTrue();
        assertThat(b.getBean(Chat.class).awaitDelivered(WAIT)).isTrue();
    }
}
