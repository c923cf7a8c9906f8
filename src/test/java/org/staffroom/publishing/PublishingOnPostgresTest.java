package org.staffroom.publishing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.staffroom.testing.Sample.*;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;
import org.staffroom.approvals.AuditLog;
import org.staffroom.chat.Chat;
import org.staffroom.chat.Texts;
import org.staffroom.drafts.PostsToPublish;
import org.staffroom.testing.MutableClock;
import org.staffroom.testing.Postgres;
import org.staffroom.testing.SampleConfig;
import org.staffroom.testing.SandboxClient;
import org.staffroom.testing.SandboxClient.Seen;
import org.staffroom.testing.TestClockConfiguration;
import org.staffroom.testing.networks.FakeBluesky;
import org.staffroom.testing.networks.FakeGraph;
import org.staffroom.testing.networks.FakeMastodon;

/**
 * Two publishers (two instance ids, as two Staffroom instances have) work through the same due
 * publications at the same moment on one PostgreSQL database (embedded, loopback, the
 * {@code postgres} profile as in production): every post reaches every network exactly once.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"staffroom.config-check-interval=0s", "staffroom.ticker.enabled=false"})
@ActiveProfiles("postgres")
@Import(TestClockConfiguration.class)
class PublishingOnPostgresTest {

    static final int POSTS = 8;
    static final EmbeddedPostgres POSTGRES;
    static final String URL;
    static final Path CONFIG = SampleConfig.copy("publishing-pg");
    static final Path FILES = SampleConfig.folder("publishing-pg-files");
    static final OakfieldNetworks NETWORKS = OakfieldNetworks.connect("pg", CONFIG);
    static final PublishingEndToEndTest.FollowingClock CLOCK = NETWORKS.clock();
    static final FakeGraph GRAPH = NETWORKS.graph();
    static final FakeBluesky BLUESKY = NETWORKS.bluesky();
    static final FakeMastodon MASTODON = NETWORKS.mastodon();

    static {
        try {
            POSTGRES = EmbeddedPostgres.builder().start();
            URL = Postgres.newDatabase(POSTGRES, "staffroom");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("STAFFROOM_DB_URL", () -> URL);
        registry.add("STAFFROOM_DB_USER", () -> "postgres");
        registry.add("STAFFROOM_DB_PASSWORD", () -> "");
        registry.add("staffroom.config-dir", CONFIG::toString);
        registry.add("staffroom.files.dir", FILES::toString);
        NETWORKS.register(registry);
    }

    @LocalServerPort
    int port;

    @Autowired
    MutableClock clock;

    @Autowired
    Chat chat;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Publisher publisher;

    @Autowired
    PublicationStore store;

    @Autowired
    PostsToPublish posts;

    @Autowired
    Accounts accounts;

    @Autowired
    List<SocialNetwork> networks;

    @Autowired
    AuditLog audit;

    @Autowired
    Texts texts;

    @Autowired
    TransactionTemplate tx;

    @AfterAll
    static void stop() throws IOException {
        NETWORKS.close();
        POSTGRES.close();
    }

    @Test
    void twoInstancesPublishEveryPostToEveryNetworkExactlyOnce() throws Exception {
        clock.set(TestClockConfiguration.START);
        CLOCK.target = clock;
        SandboxClient sandbox = new SandboxClient(port);
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < POSTS; i++) {
            Map<String, List<String>> v = new LinkedHashMap<>();
            v.put("text", List.of("Class " + i + " visits the museum on Friday"));
            v.put("target", List.of("school"));
            v.put("networks", List.of("facebook", "bluesky", "mastodon"));
            v.put("category", List.of("event"));
            v.put("date", List.of("2026-11-27"));
            sandbox.command(BEN, OAKFIELD_STAFFROOM, "/draft");
            sandbox.submitForm(BEN, v);
            Matcher m = Pattern.compile("Draft #(\\d+)")
                    .matcher(sandbox.lastPrivateAnswer(BEN, OAKFIELD_STAFFROOM)
                            .orElseThrow()
                            .text());
            assertThat(m.find()).isTrue();
            long id = Long.parseLong(m.group(1));
            assertThat(chat.awaitDelivered(Duration.ofSeconds(15))).isTrue();
            Seen card = sandbox.botMessages(AMARA, OAKFIELD_REVIEW).stream()
                    .filter(x -> x.contains("Draft #" + id + " "))
                    .reduce((a, b) -> b)
                    .orElseThrow();
            sandbox.press(AMARA, card, "approvals.approve");
            assertThat(chat.awaitDelivered(Duration.ofSeconds(15))).isTrue();
            ids.add(id);
        }
        assertThat(jdbc.sql("select count(*) from publication where state = 'PENDING'")
                        .query(Long.class)
                        .single())
                .isEqualTo(3L * POSTS);

        Publisher second = new Publisher(
                store,
                posts,
                accounts,
                networks,
                audit,
                chat,
                texts,
                clock,
                tx,
                new PublishingSettings(Duration.ofMinutes(2), Duration.ofHours(24), Duration.ofSeconds(20)));
        clock.set(Instant.parse("2026-11-27T16:00:00Z"));
        CountDownLatch go = new CountDownLatch(1);
        CompletableFuture<Integer> a = CompletableFuture.supplyAsync(() -> await(go, publisher));
        CompletableFuture<Integer> b = CompletableFuture.supplyAsync(() -> await(go, second));
        go.countDown();
        int handledByA = a.get();
        int handledByB = b.get();
        second.stop();

        assertThat(handledByA + handledByB).isEqualTo(3 * POSTS);
        assertThat(jdbc.sql("select count(*) from publication where action = 'PUBLISH' and state = 'SENT'")
                        .query(Long.class)
                        .single())
                .isEqualTo(3L * POSTS);
        assertThat(GRAPH.pagePostsCreated()).isEqualTo(POSTS);
        assertThat(BLUESKY.created()).isEqualTo(POSTS);
        assertThat(MASTODON.created()).isEqualTo(POSTS);
        System.out.printf(
                "Two publishers on PostgreSQL: %d and %d of %d publications%n", handledByA, handledByB, 3 * POSTS);
    }

    private static int await(CountDownLatch go, Publisher p) {
        try {
            go.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return p.runDue();
    }
}
