package org.staffroom.drafts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.staffroom.testing.Sample.*;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.staffroom.StaffroomApplication;
import org.staffroom.chat.Chat;
import org.staffroom.chat.Ticker;
import org.staffroom.testing.MutableClock;
import org.staffroom.testing.SandboxClient;
import org.staffroom.testing.SandboxClient.Seen;
import org.staffroom.testing.TestClockConfiguration;

/**
 * The restart case in the sandbox: a post approved and on the wall; the bot stops; the office adds
 * the pupil to consent.yml; the bot starts on the same database and takes the post off the wall
 * and the feeds, edits its card, tells the author and the approver and sends post.pulled, before
 * anyone does anything. A second restart repeats none of it. The application is started by hand
 * so that it can be stopped and started again on one in-memory database.
 */
class ConsentRestartTest {

    static final String SECRET = "whsec-" + UUID.randomUUID();
    static final String DATABASE = "jdbc:h2:mem:consent-restart-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    static final WebhookReceiver WEBHOOK = new WebhookReceiver();
    static final Duration WAIT = Duration.ofSeconds(15);
    static final Path CONFIG;
    static final Path FILES;

    static {
        org.staffroom.testing.Secrets.register(SECRET);
        CONFIG = org.staffroom.testing.SampleConfig.copy("consent-restart");
        FILES = org.staffroom.testing.SampleConfig.folder("consent-restart-files");
    }

    ConfigurableApplicationContext app;
    SandboxClient sandbox;
    int port;

    @AfterAll
    static void cleanUp() throws IOException {
        for (Path dir : List.of(CONFIG, FILES)) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted((a, b) -> b.compareTo(a)).toList()) Files.deleteIfExists(p);
            }
        }
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
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("spring.datasource.url", DATABASE);
        p.put("server.port", "0");
        p.put("staffroom.config-dir", CONFIG.toString());
        p.put("staffroom.files.dir", FILES.toString());
        p.put("staffroom.config-check-interval", "0s");
        p.put("staffroom.ticker.enabled", "false");
        p.put("STAFFROOM_PUBLISH_WEBHOOK_URL", WEBHOOK.url());
        p.put("STAFFROOM_PUBLISH_WEBHOOK_SECRET", SECRET);
        // Command-line arguments outrank application.properties (builder properties would only be defaults).
        String[] args = p.entrySet().stream()
                .map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        app = new SpringApplicationBuilder(StaffroomApplication.class, TestClockConfiguration.class).run(args);
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
        Path p = CONFIG.resolve("consent.yml");
        String before = Files.readString(p);
        assertThat(before).contains(from);
        Files.writeString(p, before.replace(from, to));
    }

    long submit(String as, String channel, String text) {
        sandbox.command(as, channel, "/draft");
        sandbox.submitForm(
                as,
                Map.of(
                        "text",
                        List.of(text),
                        "target",
                        List.of("school"),
                        "networks",
                        List.of("facebook"),
                        "category",
                        List.of("achievement"),
                        "date",
                        List.of()));
        String answer = sandbox.lastPrivateAnswer(as, channel).orElseThrow().text();
        Matcher m = Pattern.compile("Draft #(\\d+)").matcher(answer);
        assertThat(m.find()).as("an answer naming the draft: " + answer).isTrue();
        settle();
        return Long.parseLong(m.group(1));
    }

    Seen card(String as, String channel, long draftId) {
        settle();
        return sandbox.botMessages(as, channel).stream()
                .filter(m -> m.threadId() == null && !m.ephemeral())
                .filter(m -> m.contains("Draft #" + draftId + " "))
                .reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("no card for draft " + draftId));
    }

    Seen message(String as, String channel, long id) {
        return sandbox.messages(as, channel).stream()
                .filter(m -> m.id() == id)
                .findFirst()
                .orElseThrow();
    }

    List<Seen> dms(String as) {
        return sandbox.messages(as, dm(as)).stream().filter(Seen::bot).toList();
    }

    HttpResponse<String> get(String path) {
        try {
            return HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
