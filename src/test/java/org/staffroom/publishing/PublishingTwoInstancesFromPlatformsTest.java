package org.staffroom.publishing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.staffroom.platforms.Platforms.CLOCK;

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
import org.springframework.jdbc.core.simple.JdbcClient;
import org.staffroom.chat.Chat;
import org.staffroom.chat.Connectors;
import org.staffroom.chat.InboundEvents;
import org.staffroom.chat.Ticker;
import org.staffroom.config.Platform;
import org.staffroom.platforms.Platforms;
import org.staffroom.testing.MutableClock;
import org.staffroom.testing.Postgres;
import org.staffroom.testing.SampleConfig;
import org.staffroom.testing.discord.FakeDiscord;
import org.staffroom.testing.networks.FakeBluesky;
import org.staffroom.testing.networks.FakeGraph;
import org.staffroom.testing.networks.FakeMastodon;
import org.staffroom.testing.slack.FakeSlack;

/**
 * Two whole Staffroom instances on one PostgreSQL database (embedded, loopback, the {@code postgres}
 * profile), both connected to Slack (Socket Mode, through Bolt) and Discord (through JDA, the gateway
 * held by one of them), publishing photo drafts made and approved on the platforms
 * ({@link PlatformDrafts}: Oakfield on Slack, Hillcrest on Discord, each with its own four accounts at
 * the network fakes):
 * <ol>
 * <li>both tick at the moment the posts are due: each post reaches each network exactly once;</li>
 * <li>one instance gets the networks' answers and dies before recording them; the other takes its
 * stale claims over, finds each post on its network by its key and records it: still one post per
 * network.</li>
 * </ol>
 * The drafts are made and approved while the first instance runs alone; the second starts after.
 * (A sandbox-approved draft is in {@link PublishingTwoInstancesTest}: with both platforms live the
 * sandbox is off.)
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PublishingTwoInstancesFromPlatformsTest {

    static final Duration WAIT = Duration.ofSeconds(20);
    static final int PER_PLATFORM = 2;
    static final Instant DUE = Instant.parse("2026-11-27T16:00:00Z"); // both schools publish at 16:00 here
    static final Instant CRASH_DUE = Instant.parse("2026-11-30T16:00:00Z");

    static final FakeSlack SLACK = Platforms.slack();
    static final FakeDiscord DISCORD = Platforms.discord();
    static final FakeGraph OAK_GRAPH = new FakeGraph(CLOCK, "2221", "2784", "oak-fb-token-2p", 0, Duration.ofHours(1));
    static final FakeBluesky OAK_BLUESKY =
            new FakeBluesky(CLOCK, "oakfield.bsky.social", "oak-bsky-pass-2p", 0, Duration.ofMinutes(5));
    static final FakeMastodon OAK_MASTODON =
            new FakeMastodon(CLOCK, "oakfield", "oak-masto-token-2p", 0, Duration.ofMinutes(5));
    static final FakeGraph HILL_GRAPH =
            new FakeGraph(CLOCK, "3331", "3784", "hill-fb-token-2p", 0, Duration.ofHours(1));
    static final FakeBluesky HILL_BLUESKY =
            new FakeBluesky(CLOCK, "hillcrest.bsky.social", "hill-bsky-pass-2p", 0, Duration.ofMinutes(5));
    static final FakeMastodon HILL_MASTODON =
            new FakeMastodon(CLOCK, "hillcrest", "hill-masto-token-2p", 0, Duration.ofMinutes(5));

    static EmbeddedPostgres postgres;
    static Path config;
    static Path files;
    static ConfigurableApplicationContext first;
    static ConfigurableApplicationContext second;
    static final List<Long> scheduled = new ArrayList<>();
    static final List<Long> crashed = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        for (String secret : List.of(
                "oak-fb-token-2p",
                "oak-bsky-pass-2p",
                "oak-masto-token-2p",
                "hill-fb-token-2p",
                "hill-bsky-pass-2p",
                "hill-masto-token-2p")) org.staffroom.testing.Secrets.register(secret);
        postgres = EmbeddedPostgres.builder().start();
        String url = Postgres.newDatabase(postgres, "staffroom");
        config = SampleConfig.copy("publishing-2p");
        files = SampleConfig.folder("publishing-2p-files");
        PlatformDrafts.connect(
                config,
                "oakfield",
                "16:00",
                "2221",
                "2784",
                OAK_GRAPH,
                "oakfield.bsky.social",
                OAK_BLUESKY,
                "oakfield",
                OAK_MASTODON,
                "OAK_2P");
        PlatformDrafts.connect(
                config,
                "hillcrest",
                "16:00",
                "3331",
                "3784",
                HILL_GRAPH,
                "hillcrest.bsky.social",
                HILL_BLUESKY,
                "hillcrest",
                HILL_MASTODON,
                "HILL_2P");

        first = instance(1, url);
        Platforms.connected(
                first.getBean(MutableClock.class), first.getBean(Connectors.class), Platform.SLACK, Platform.DISCORD);
        PlatformDrafts drafts = new PlatformDrafts(
                SLACK,
                DISCORD,
                () -> Platforms.settle(first.getBean(InboundEvents.class), first.getBean(Chat.class), WAIT),
                first.getBean(JdbcClient.class),
                WAIT);
        for (int i = 0; i < PER_PLATFORM; i++) {
            scheduled.add(
                    approvedOnSlack(drafts, "Year " + (i + 3) + " at the science museum on Friday", "2026-11-27"));
            scheduled.add(approvedOnDiscord(drafts, "Year " + (i + 7) + " tour the castle on Friday", "2026-11-27"));
        }
        crashed.add(approvedOnSlack(drafts, "Our reading café opened for parents this week", "2026-11-30"));
        crashed.add(approvedOnDiscord(drafts, "Hillcrest's robotics club won the regional final", "2026-11-30"));
        second = instance(2, url);
        Platforms.connected(second.getBean(MutableClock.class), second.getBean(Connectors.class), Platform.SLACK);
    }

    @AfterAll
    static void stop() throws IOException {
        for (ConfigurableApplicationContext app : new ConfigurableApplicationContext[] {second, first})
            if (app != null && app.isActive()) app.close();
        for (AutoCloseable fake : List.<AutoCloseable>of(
                SLACK, DISCORD, OAK_GRAPH, OAK_BLUESKY, OAK_MASTODON, HILL_GRAPH, HILL_BLUESKY, HILL_MASTODON)) {
            try {
                fake.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        if (postgres != null) postgres.close();
        if (config != null) SampleConfig.delete(config, files);
    }

    @Test
    @Order(1)
    void twoInstancesTickingAtOnceSendEachPlatformDraftToEachNetworkExactlyOnce() {
        assertThat(publisher(first).instanceId()).isNotEqualTo(publisher(second).instanceId());
        int publications = 4 * scheduled.size();
        assertThat(TwoInstances.count(second, "state = 'PENDING'")).isEqualTo(4L * (scheduled.size() + crashed.size()));
        PlatformDrafts.Counts oak = PlatformDrafts.Counts.of(OAK_GRAPH, OAK_BLUESKY, OAK_MASTODON);
        PlatformDrafts.Counts hill = PlatformDrafts.Counts.of(HILL_GRAPH, HILL_BLUESKY, HILL_MASTODON);
        assertThat(oak).isEqualTo(new PlatformDrafts.Counts(0, 0, 0, 0));
        assertThat(hill).isEqualTo(oak);

        TwoInstances.setClocks(DUE, first, second);
        List<CompletableFuture<Void>> ticks = new ArrayList<>();
        for (ConfigurableApplicationContext app : List.of(first, second))
            ticks.add(CompletableFuture.runAsync(() -> app.getBean(Ticker.class).tickNow()));
        ticks.forEach(CompletableFuture::join);

        for (long id : scheduled) await().atMost(WAIT).until(() -> states(id).equals(PlatformDrafts.ALL_PUBLISHED));
        oak = PlatformDrafts.Counts.of(OAK_GRAPH, OAK_BLUESKY, OAK_MASTODON);
        hill = PlatformDrafts.Counts.of(HILL_GRAPH, HILL_BLUESKY, HILL_MASTODON);
        assertThat(oak).isEqualTo(new PlatformDrafts.Counts(PER_PLATFORM, PER_PLATFORM, PER_PLATFORM, PER_PLATFORM));
        assertThat(hill).isEqualTo(oak);
        for (long id : crashed) assertThat(states(id)).containsOnly("SCHEDULED");
        long byFirst = TwoInstances.count(
                second, "state = 'SENT' and claimed_by = '" + publisher(first).instanceId() + "'");
        long bySecond = TwoInstances.count(
                second, "state = 'SENT' and claimed_by = '" + publisher(second).instanceId() + "'");
        assertThat(byFirst + bySecond).isEqualTo(publications);
        System.out.printf(
                "Two instances on PostgreSQL with Slack and Discord drafts, ticking at once: %d and %d of %d "
                        + "publications; posts per network: Oakfield (Slack) %s, Hillcrest (Discord) %s, of %d each%n",
                byFirst, bySecond, publications, oak, hill, PER_PLATFORM);
    }

    @Test
    @Order(2)
    void anInstanceDyingBetweenTheNetworksAnswerAndTheRecordLeavesOnePostPerNetworkForPlatformDrafts() {
        PlatformDrafts.Counts oak = PlatformDrafts.Counts.of(OAK_GRAPH, OAK_BLUESKY, OAK_MASTODON);
        PlatformDrafts.Counts hill = PlatformDrafts.Counts.of(HILL_GRAPH, HILL_BLUESKY, HILL_MASTODON);
        String dying = publisher(first).instanceId();
        publisher(first).afterAnswer = p -> {
            throw new IllegalStateException("the process died between the network's answer and the record");
        };
        TwoInstances.setClocks(CRASH_DUE, first, second);
        first.getBean(Ticker.class).tickNow(); // only the first instance is on time
        assertThat(PlatformDrafts.Counts.of(OAK_GRAPH, OAK_BLUESKY, OAK_MASTODON))
                .isEqualTo(oak.plusOne());
        assertThat(PlatformDrafts.Counts.of(HILL_GRAPH, HILL_BLUESKY, HILL_MASTODON))
                .isEqualTo(hill.plusOne());
        for (long id : crashed)
            assertThat(TwoInstances.count(
                            second, "draft_id = " + id + " and state = 'SENDING' and claimed_by = '" + dying + "'"))
                    .as("every network answered, nothing was recorded")
                    .isEqualTo(4);
        first.close(); // the process is gone
        Platforms.connected(second.getBean(MutableClock.class), second.getBean(Connectors.class), Platform.SLACK);

        TwoInstances.tickAt(second, CRASH_DUE.plus(Duration.ofMinutes(1)));
        for (long id : crashed)
            assertThat(states(id))
                    .as("a claim younger than the stale limit is not taken over")
                    .containsOnly("SCHEDULED");
        TwoInstances.tickAt(second, CRASH_DUE.plus(Duration.ofMinutes(3)));
        for (long id : crashed) {
            assertThat(states(id)).isEqualTo(PlatformDrafts.ALL_PUBLISHED);
            assertThat(service().of(id))
                    .allSatisfy(p -> assertThat(p.remoteUrl()).startsWith("https://"));
            assertThat(TwoInstances.count(
                            second,
                            "draft_id = " + id + " and claimed_by = '"
                                    + publisher(second).instanceId() + "'"))
                    .isEqualTo(4);
        }
        TwoInstances.tickAt(second, CRASH_DUE.plus(Duration.ofMinutes(10)));
        PlatformDrafts.Counts oakAfter = PlatformDrafts.Counts.of(OAK_GRAPH, OAK_BLUESKY, OAK_MASTODON);
        PlatformDrafts.Counts hillAfter = PlatformDrafts.Counts.of(HILL_GRAPH, HILL_BLUESKY, HILL_MASTODON);
        assertThat(oakAfter).isEqualTo(oak.plusOne());
        assertThat(hillAfter).isEqualTo(hill.plusOne());
        System.out.printf(
                "An instance died between the answers and the record; the other recovered: Oakfield (Slack) %s, "
                        + "Hillcrest (Discord) %s posts in all%n",
                oakAfter, hillAfter);
    }

    // ------------------------------------------------------------------ helpers

    static long approvedOnSlack(PlatformDrafts drafts, String text, String date) {
        long id = drafts.slackPhotoDraft(text, date);
        drafts.approveOnSlack(id);
        return id;
    }

    static long approvedOnDiscord(PlatformDrafts drafts, String text, String date) {
        long id = drafts.discordPhotoDraft(text, date);
        drafts.approveOnDiscord(id);
        return id;
    }

    static ConfigurableApplicationContext instance(int n, String url) {
        return TwoInstances.start(
                n,
                url,
                config,
                files,
                "--staffroom.slack.bot-token=" + SLACK.botToken(),
                "--staffroom.slack.app-token=" + SLACK.appToken(),
                "--staffroom.slack.api-url=" + SLACK.apiUrlPrefix(),
                "--staffroom.slack.mode=socket",
                "--staffroom.slack.client-id=",
                "--staffroom.slack.client-secret=",
                "--staffroom.slack.reconnect-backoff=500ms",
                "--staffroom.discord.bot-token=" + DISCORD.token(),
                "--staffroom.discord.api-url=" + DISCORD.restBaseUrl(),
                "--staffroom.discord.compression=none",
                "--staffroom.discord.identify-delay=0s",
                "--staffroom.discord.gateway-lease=3s",
                "--staffroom.discord.attachment-hosts=cdn.discordapp.com,media.discordapp.net," + DISCORD.cdnHost(),
                "--OAK_2P_FB=oak-fb-token-2p",
                "--OAK_2P_BSKY=oak-bsky-pass-2p",
                "--OAK_2P_MASTODON=oak-masto-token-2p",
                "--HILL_2P_FB=hill-fb-token-2p",
                "--HILL_2P_BSKY=hill-bsky-pass-2p",
                "--HILL_2P_MASTODON=hill-masto-token-2p");
    }

    static Publisher publisher(ConfigurableApplicationContext app) {
        return app.getBean(Publisher.class);
    }

    static PublishingService service() {
        return second.getBean(PublishingService.class);
    }

    static List<String> states(long id) {
        return service().of(id).stream().map(p -> p.state().name()).toList();
    }
}
