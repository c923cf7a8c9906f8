package org.staffroom.drafts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.staffroom.testing.Sample.*;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.staffroom.chat.Chat;
import org.staffroom.chat.Ticker;
import org.staffroom.testing.LocalHttp;
import org.staffroom.testing.MutableClock;
import org.staffroom.testing.SampleConfig;
import org.staffroom.testing.SandboxClient;
import org.staffroom.testing.SandboxClient.Seen;
import org.staffroom.testing.SandboxDrafts;
import org.staffroom.testing.StaffroomApp;
import org.staffroom.testing.TestClockConfiguration;

/**
 * The restart case in the sandbox: a post approved and on the wall; the bot stops; the office adds
 * the pupil to consent.yml; the bot starts on the same database and takes the post off the wall
 * and the feeds, edits its card, tells the author and the approver and sends post.pulled, before
 * anyone does anything. A second restart repeats none of it. The application is started by hand
 * so that it can be stopped and started again on one in-memory database.
 */
class ConsentRestartTest {

    static final String SECRET = WebhookReceiver.newSecret();
    static final String DATABASE = "jdbc:h2:mem:consent-restart-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    static final WebhookReceiver WEBHOOK = new WebhookReceiver();
    static final Duration WAIT = Duration.ofSeconds(15);
    static final Path CONFIG;
    static final Path FILES;

    static {
        CONFIG = SampleConfig.copy("consent-restart");
        FILES = SampleConfig.folder("consent-restart-files");
    }

    ConfigurableApplicationContext app;
    SandboxClient sandbox;
    int port;

    @AfterAll
    static void cleanUp() {
        SampleConfig.delete(CONFIG, FILES);
    }

    @Test
    void anEditMadeWhileTheBotWasDownTakesThePostDownAtStartUpAndASecondRestartRepeatsNothing() throws Exception {
        try {
            start(TestClockConfiguration.START);
            String text = "Ruby Fletcher painted the class mural.";
            long id = submit(BEN, OAKFIELD_STAFFROOM, text);
            Seen card = card(AMARA, OAKFIELD_REVIEW, id);
            sandbox.press(AMARA, card, "approvals.approve");
            settle();
            tickAt(TestClockConfiguration.START.plusSeconds(30));
            assertThat(get("/wall").body()).contains("class mural");
            assertThat(get("/feed.json").body()).contains("class mural");
            assertThat(WEBHOOK.about(id))
                    .singleElement()
                    .satisfies(r -> assertThat(r.body()).contains("\"event\":\"post.approved\"", "\"sequence\":1"));

            // Down; the office edits consent.yml; up again.
            app.close();
            replaceInConsent("    - Mia-Rose Clarke\n", "    - Mia-Rose Clarke\n    - Ruby Fletcher\n");
            start(TestClockConfiguration.START.plusSeconds(60));

            // Nothing to do but wait: at start-up the post comes off the wall and feeds, its card says so, people are
            // told.
            await().atMost(WAIT).until(() -> !get("/wall").body().contains("class mural"));
            assertThat(get("/feed.json").body()).doesNotContain("class mural");
            assertThat(get("/feed.rss").body()).doesNotContain("class mural");
            Seen pulled = message(AMARA, OAKFIELD_REVIEW, card.id());
            assertThat(pulled.text())
                    .contains("Pulled — media consent withdrawn on")
                    .doesNotContain("Ready to publish", "Ruby Fletcher");
            assertThat(pulled.buttons()).isEmpty();
            assertThat(dms(BEN))
                    .anyMatch(m -> m.contains(
                            "Media consent has been withdrawn for Ruby Fletcher, who is named in Draft #" + id));
            assertThat(dms(AMARA)).anyMatch(m -> m.contains("Media consent has been withdrawn for Ruby Fletcher"));
            await().atMost(WAIT).until(() -> WEBHOOK.about(id).size() == 2);
            assertThat(WEBHOOK.about(id).get(1).body()).contains("\"event\":\"post.pulled\"", "\"sequence\":2");

            // A second restart: nothing is pulled, told or sent again.
            int benDms = dms(BEN).size();
            int amaraDms = dms(AMARA).size();
            long pulls = jdbc().sql("select count(*) from review_audit where action = 'PULLED' and subject_id = ?")
                    .param(String.valueOf(id))
                    .query(Long.class)
                    .single();
            app.close();
            start(TestClockConfiguration.START.plusSeconds(120));
            settle();
            tickAt(TestClockConfiguration.START.plusSeconds(900));
            assertThat(dms(BEN)).hasSize(benDms);
            assertThat(dms(AMARA)).hasSize(amaraDms);
            assertThat(jdbc().sql("select count(*) from review_audit where action = 'PULLED' and subject_id = ?")
                            .param(String.valueOf(id))
                            .query(Long.class)
                            .single())
                    .isEqualTo(pulls)
                    .isEqualTo(1);
            assertThat(WEBHOOK.about(id)).hasSize(2);
        } finally {
            if (app != null) app.close();
        }
    }

    void start(Instant at) {
        Map<String, Object> p = StaffroomApp.properties(DATABASE, CONFIG, FILES);
        p.put("STAFFROOM_PUBLISH_WEBHOOK_URL", WEBHOOK.url());
        p.put("STAFFROOM_PUBLISH_WEBHOOK_SECRET", SECRET);
        app = StaffroomApp.start(p);
        app.getBean(MutableClock.class).set(at);
        port = Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
        sandbox = new SandboxClient(port);
    }

    JdbcClient jdbc() {
        return app.getBean(JdbcClient.class);
    }

    void settle() {
        assertThat(app.getBean(Chat.class).awaitDelivered(WAIT)).isTrue();
    }

    void tickAt(Instant at) {
        app.getBean(MutableClock.class).set(at);
        app.getBean(Ticker.class).tickNow();
        settle();
    }

    static void replaceInConsent(String from, String to) throws IOException {
        SampleConfig.replace(CONFIG.resolve("consent.yml"), from, to);
    }

    long submit(String as, String channel, String text) {
        long id = SandboxDrafts.submit(
                sandbox, as, channel, SandboxDrafts.form(text, "school", "facebook", "achievement", ""));
        settle();
        return id;
    }

    Seen card(String as, String channel, long draftId) {
        settle();
        return SandboxDrafts.card(sandbox, as, channel, draftId);
    }

    Seen message(String as, String channel, long id) {
        return sandbox.message(as, channel, id);
    }

    List<Seen> dms(String as) {
        return sandbox.botDms(as);
    }

    HttpResponse<String> get(String path) {
        return LocalHttp.get(port, path);
    }
}
