package org.staffroom.publishing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.staffroom.testing.Sample.*;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.context.ConfigurableApplicationContext;
import org.staffroom.chat.Chat;
import org.staffroom.chat.Ticker;
import org.staffroom.drafts.TestPhotos;
import org.staffroom.testing.MutableClock;
import org.staffroom.testing.Postgres;
import org.staffroom.testing.SampleConfig;
import org.staffroom.testing.SandboxClient;
import org.staffroom.testing.SandboxClient.Seen;
import org.staffroom.testing.networks.FakeBluesky;
import org.staffroom.testing.networks.FakeGraph;
import org.staffroom.testing.networks.FakeMastodon;

/**
 * Two whole Staffroom instances (two Spring application contexts, each with its own publisher and
 * instance id) on one PostgreSQL database (embedded, loopback, the {@code postgres} profile as in
 * production), publishing photo posts to the fakes of all four networks:
 * <ol>
 * <li>both tick at the moment the posts are due: each post reaches each network exactly once;</li>
 * <li>one instance gets the networks' answers and dies before recording them; the other takes its
 * stale claims over, finds each post on its network by its key, and records it with its link: still
 * one post per network.</li>
 * </ol>
 * The drafts are written and approved through the sandbox of the first instance while it runs alone
 * (its sandbox forms are its own); the second starts after.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PublishingTwoInstancesTest {

    static final int POSTS = 4;
    static final List<String> NETWORKS = List.of("facebook", "instagram", "bluesky", "mastodon");
    static final Instant DUE = Instant.parse("2026-11-27T16:00:00Z"); // Oakfield publishes at 16:00, London
    static final Instant CRASH_DUE = Instant.parse("2026-11-30T16:00:00Z");

    static final PublishingEndToEndTest.FollowingClock CLOCK = new PublishingEndToEndTest.FollowingClock();
    static final FakeGraph GRAPH = new FakeGraph(CLOCK, "1111", "1784", "fb-token-2i", 0, Duration.ofHours(1));
    static final FakeBluesky BLUESKY =
            new FakeBluesky(CLOCK, "oakfield.bsky.social", "bsky-pass-2i", 0, Duration.ofMinutes(5));
    static final FakeMastodon MASTODON =
            new FakeMastodon(CLOCK, "oakfield", "masto-token-2i", 0, Duration.ofMinutes(5));

    static EmbeddedPostgres postgres;
    static ConfigurableApplicationContext first;
    static ConfigurableApplicationContext second;
    static final List<Long> scheduled = new ArrayList<>();
    static long crashed;

    @BeforeAll
    static void start() throws Exception {
        org.staffroom.testing.Secrets.register("fb-token-2i");
        org.staffroom.testing.Secrets.register("bsky-pass-2i");
        org.staffroom.testing.Secrets.register("masto-token-2i");
        postgres = EmbeddedPostgres.builder().start();
        String url = Postgres.newDatabase(postgres, "staffroom");
        Path config = SampleConfig.copy("publishing-2i");
        Path files = SampleConfig.folder("publishing-2i-files");
        PublishingEndToEndTest.connect(config, GRAPH, BLUESKY, MASTODON);

        first = instance(1, url, config, files);
        CLOCK.target = first.getBean(MutableClock.class);
        SandboxClient sandbox =
                new SandboxClient(first.getEnvironment().getProperty("local.server.port", Integer.class));
        Chat chat = first.getBean(Chat.class);
        for (int i = 0; i < POSTS; i++)
            scheduled.add(approvedPhoto(sandbox, chat, "Class " + i + " at the museum on Friday", "2026-11-27"));
        crashed = approvedPhoto(sandbox, chat, "Advent calendar sale raised £240 for the library", "2026-11-30");
        second = instance(2, url, config, files);
    }

    @AfterAll
    static void stop() throws IOException {
        for (ConfigurableApplicationContext app : new ConfigurableApplicationContext[] {second, first})
            if (app != null && app.isActive()) app.close();
        GRAPH.close();
        BLUESKY.close();
        MASTODON.close();
        if (postgres != null) postgres.close();
    }

    @Test
    @Order(1)
    void twoInstancesTickingAtOnceSendEachPostToEachNetworkExactlyOnce() {
        assertThat(publisher(first).instanceId()).isNotEqualTo(publisher(second).instanceId());
        assertThat(TwoInstances.count(second, "state = 'PENDING'")).isEqualTo((long) NETWORKS.size() * (POSTS + 1));
        TwoInstances.setClocks(DUE, first, second);
        List<CompletableFuture<Void>> ticks = new ArrayList<>();
        for (ConfigurableApplicationContext app : List.of(first, second))
            ticks.add(CompletableFuture.runAsync(() -> app.getBean(Ticker.class).tickNow()));
        ticks.forEach(CompletableFuture::join);

        for (long id : scheduled) {
            assertThat(service().of(id))
                    .extracting(p -> p.state().name())
                    .containsExactly("PUBLISHED", "PUBLISHED", "PUBLISHED", "PUBLISHED");
            assertThat(service().of(id))
                    .allSatisfy(p -> assertThat(p.remoteUrl()).startsWith("https://"));
        }
        assertThat(GRAPH.pagePostsCreated()).isEqualTo(POSTS);
        assertThat(GRAPH.instagramPublished()).isEqualTo(POSTS);
        assertThat(BLUESKY.created()).isEqualTo(POSTS);
        assertThat(MASTODON.created()).isEqualTo(POSTS);
        assertThat(service().of(crashed)).extracting(p -> p.state().name()).containsOnly("SCHEDULED");
        long byFirst = TwoInstances.count(
                second, "state = 'SENT' and claimed_by = '" + publisher(first).instanceId() + "'");
        long bySecond = TwoInstances.count(
                second, "state = 'SENT' and claimed_by = '" + publisher(second).instanceId() + "'");
        assertThat(byFirst + bySecond).isEqualTo((long) NETWORKS.size() * POSTS);
        System.out.printf(
                "Two instances on PostgreSQL, ticking at once: %d and %d of %d publications; posts per network: "
                        + "Facebook %d, Instagram %d, Bluesky %d, Mastodon %d (of %d)%n",
                byFirst,
                bySecond,
                NETWORKS.size() * POSTS,
                GRAPH.pagePostsCreated(),
                GRAPH.instagramPublished(),
                BLUESKY.created(),
                MASTODON.created(),
                POSTS);
    }

    @Test
    @Order(2)
    void anInstanceDyingBetweenTheNetworksAnswerAndTheRecordLeavesOnePostPerNetwork() {
        int fb = GRAPH.pagePostsCreated();
        int ig = GRAPH.instagramPublished();
        int bsky = BLUESKY.created();
        int masto = MASTODON.created();
        String dying = publisher(first).instanceId();
        publisher(first).afterAnswer = p -> {
            throw new IllegalStateException("the process died between the network's answer and the record");
        };
        TwoInstances.setClocks(CRASH_DUE, first, second);
        first.getBean(Ticker.class).tickNow(); // only the first instance is on time
        assertThat(GRAPH.pagePostsCreated()).isEqualTo(fb + 1);
        assertThat(GRAPH.instagramPublished()).isEqualTo(ig + 1);
        assertThat(BLUESKY.created()).isEqualTo(bsky + 1);
        assertThat(MASTODON.created()).isEqualTo(masto + 1);
        assertThat(TwoInstances.count(
                        second, "draft_id = " + crashed + " and state = 'SENDING' and claimed_by = '" + dying + "'"))
                .as("every network answered, nothing was recorded")
                .isEqualTo(NETWORKS.size());
        first.close(); // the process is gone
        CLOCK.target = second.getBean(MutableClock.class);

        TwoInstances.tickAt(second, CRASH_DUE.plus(Duration.ofMinutes(1)));
        assertThat(service().of(crashed))
                .as("a claim younger than the stale limit is not taken over")
                .extracting(p -> p.state().name())
                .containsOnly("SCHEDULED");
        TwoInstances.tickAt(second, CRASH_DUE.plus(Duration.ofMinutes(3)));
        assertThat(service().of(crashed)).allSatisfy(p -> {
            assertThat(p.state()).isEqualTo(Publication.State.PUBLISHED);
            assertThat(p.remoteUrl()).startsWith("https://");
        });
        assertThat(TwoInstances.count(
                        second,
                        "draft_id = " + crashed + " and claimed_by = '"
                                + publisher(second).instanceId() + "'"))
                .isEqualTo(NETWORKS.size());
        assertThat(GRAPH.pagePostsCreated()).isEqualTo(fb + 1);
        assertThat(GRAPH.instagramPublished()).isEqualTo(ig + 1);
        assertThat(BLUESKY.created()).isEqualTo(bsky + 1);
        assertThat(MASTODON.created()).isEqualTo(masto + 1);
    }

    // ------------------------------------------------------------------ helpers

    static ConfigurableApplicationContext instance(int n, String url, Path config, Path files) {
        return TwoInstances.start(
                n,
                url,
                config,
                files,
                "--OAK_FB_TOKEN=fb-token-2i",
                "--OAK_BSKY_PASSWORD=bsky-pass-2i",
                "--OAK_MASTODON_TOKEN=masto-token-2i");
    }

    /** A photo post to all four networks for {@code date}, written by Ben and approved by Amara on the card. */
    static long approvedPhoto(SandboxClient sandbox, Chat chat, String text, String date) {
        PublishingEndToEndTest.submitPhoto(sandbox, text, "museum.jpg", TestPhotos.plainJpeg(64, 48), NETWORKS, date);
        long id = PublishingEndToEndTest.draftId(PublishingEndToEndTest.draftAnswer(sandbox, OAKFIELD_STAFFROOM));
        assertThat(chat.awaitDelivered(Duration.ofSeconds(15))).isTrue();
        Seen card = sandbox.botMessages(AMARA, OAKFIELD_REVIEW).stream()
                .filter(x -> x.threadId() == null && !x.ephemeral() && x.contains("Draft #" + id + " "))
                .reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("no card for draft " + id));
        sandbox.press(AMARA, card, "approvals.approve");
        assertThat(chat.awaitDelivered(Duration.ofSeconds(15))).isTrue();
        return id;
    }

    static Publisher publisher(ConfigurableApplicationContext app) {
        return app.getBean(Publisher.class);
    }

    static PublishingService service() {
        return second.getBean(PublishingService.class);
    }
}
