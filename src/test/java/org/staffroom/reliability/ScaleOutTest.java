package org.staffroom.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.staffroom.chat.ChannelRef;
import org.staffroom.chat.Chat;
import org.staffroom.chat.ChatProbe;
import org.staffroom.chat.Connectors;
import org.staffroom.chat.Destination;
import org.staffroom.chat.Message;
import org.staffroom.chat.spi.ConnectorStatus;
import org.staffroom.config.Platform;
import org.staffroom.discord.DiscordProbe;
import org.staffroom.discord.SampleDiscord;
import org.staffroom.slack.SlackTrust;
import org.staffroom.testing.discord.FakeDiscord;
import org.staffroom.testing.slack.FakeSlack;
import org.staffroom.testing.slack.FakeUser;
import org.staffroom.testing.slack.StoredMessage;

/**
 * Scale-out on PostgreSQL: two, then four Staffroom instances (separate application contexts
 * started with the {@code postgres} profile) on one embedded PostgreSQL 18, with Slack (Socket
 * Mode, {@link FakeSlack}) and Discord ({@link FakeDiscord}) connected, and a trust of
 * {@link #SCHOOLS} extra schools. Every instance fires the same schedule at the same moment
 * (R16); an instance dies between posting and recording (R17); the Discord gateway is held by one
 * instance only and moves when it stops; every instance is down through the morning (R18); the
 * question of the day fans out to every school's channel from two instances (P2) and from one
 * against Slack's 429s (R15).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ScaleOutTest {

    static final int SCHOOLS = Scale.of(200, 500);
    static final ZoneId LONDON = ZoneId.of("Europe/London");
    static final String FARID = "U0FARIDR01";
    static final LocalDate R18_DAY = LocalDate.of(2026, 12, 14);
    static final LocalTime QOTD_AT = LocalTime.of(8, 30);
    static final LocalTime LAST_TICK_BEFORE_OUTAGE = LocalTime.of(7, 55);
    static final LocalTime BACK_AT = LocalTime.of(10, 30);
    static final LocalDate P2_DAY = LocalDate.of(2026, 12, 15);
    static final LocalDate R15_DAY = LocalDate.of(2026, 12, 16);

    static FakeSlack slack;
    static FakeDiscord discord;
    static Path config;
    static Cluster cluster;
    static ScheduledExecutorService watch;
    static final AtomicInteger mostLiveSessions = new AtomicInteger();
    static final AtomicInteger mostGatewayHolders = new AtomicInteger();
    static LocalDate nextDay = LocalDate.of(2026, 11, 30);

    @BeforeAll
    static void start() {
        FakeSlack.Builder b = SlackTrust.fake()
                .user(FakeUser.of(FARID, "farid", "Farid Rahman"))
                .channel("C0OAKQOTD01", "oakfield-qotd")
                .channel("C0RIVQOTD01", "riverside-qotd")
                .channel("C0OAKPD0001", "oakfield-pd")
                .channel("C0RIVPD0001", "riverside-pd")
                .channel("C0RIVREVW01", "riverside-review")
                .channel("C0NWTREVW1", "trust-review");
        for (int i = 1; i <= SCHOOLS; i++)
            b.channel(GeneratedTrust.qotdChannel(i), GeneratedTrust.schoolId(i) + "-qotd");
        slack = b.start();
        discord = SampleDiscord.start();
        config = GeneratedTrust.write(SCHOOLS, QOTD_AT.toString(), R18_DAY, "10:00");
        cluster = new Cluster(List.of(
                "--staffroom.config-dir=" + config,
                "--staffroom.slack.bot-token=" + slack.botToken(),
                "--staffroom.slack.app-token=" + slack.appToken(),
                "--staffroom.slack.api-url=" + slack.apiUrlPrefix(),
                "--staffroom.slack.mode=socket",
                "--staffroom.slack.client-id=",
                "--staffroom.slack.client-secret=",
                "--staffroom.discord.bot-token=" + discord.token(),
                "--staffroom.discord.api-url=" + discord.restBaseUrl(),
                "--staffroom.discord.compression=none",
                "--staffroom.discord.identify-delay=0s",
                "--staffroom.discord.gateway-lease=3s",
                "--staffroom.delivery.stale-after=2s",
                // Stale claims looked for every second rather than every 5 s, and a stopping instance waits 1 s
                // rather than 5 s for a request already sent: R17 kills a sender mid-request and waited out both.
                "--staffroom.delivery.stale-check-every=1s",
                "--staffroom.delivery.shutdown-wait=1s",
                // The fake puts all 204 schools in one Slack workspace, where a trust would have several; Slack's
                // workspace-wide post limit would then pace these scale-out runs, not test them (it has its own
                // test, SlackWorkspacePacingTest). The per-channel limit still applies.
                "--staffroom.slack.limits.workspace-posts=100000"));
        // Two sessions for one shard would both receive every event: never, at any moment.
        watch = Executors.newSingleThreadScheduledExecutor();
        watch.scheduleAtFixedRate(
                () -> {
                    mostLiveSessions.accumulateAndGet(discord.gateway().liveSessionCount(), Math::max);
                    mostGatewayHolders.accumulateAndGet(gatewayHolders(), Math::max);
                },
                0,
                50,
                TimeUnit.MILLISECONDS);
    }

    @AfterAll
    static void stop() throws IOException {
        if (watch != null) watch.shutdownNow();
        if (cluster != null) cluster.close();
        if (slack != null) slack.close();
        if (discord != null) discord.close();
        if (config != null) {
            try (Stream<Path> files = Files.walk(config)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
            }
        }
    }

    // ------------------------------------------------------------------ R16

    /** R16 with two instances: each fires the question-of-the-day schedule at the same moment, for 1,000+ occurrences. */
    @Test
    @Order(1)
    void r16TwoInstancesPostEachOccurrenceOnce() {
        cluster.start(2);
        awaitOneGatewayHolder();
        sameSchedule("R16.2instances");
    }

    /** R16 with four instances, the next days. */
    @Test
    @Order(2)
    void r16FourInstancesPostEachOccurrenceOnce() {
        cluster.start(2);
        assertThat(cluster.instances()).hasSize(4);
        awaitOneGatewayHolder();
        sameSchedule("R16.4instances");
    }

    private void sameSchedule(String id) {
        int days = (int) Math.ceil(1000.0 / SCHOOLS);
        List<LocalDate> dates = new ArrayList<>();
        Instant started = Instant.now();
        while (dates.size() < days) {
            LocalDate day = nextSchoolDay();
            dates.add(day);
            cluster.setTime(LocalDateTime.of(day, LocalTime.of(8, 30)), LONDON);
            cluster.tickAll();
            assertThat(cluster.awaitDelivered(Duration.ofSeconds(120))).isTrue();
        }
        Duration took = Duration.between(started, Instant.now());
        int occurrences = 0;
        int duplicates = 0;
        int missing = 0;
        for (LocalDate day : dates) {
            for (int i = 1; i <= SCHOOLS; i++) {
                long n = slackPosts(GeneratedTrust.qotdChannel(i), "qotd:" + day + ":" + GeneratedTrust.schoolId(i));
                occurrences += n > 0 ? 1 : 0;
                duplicates += (int) Math.max(0, n - 1);
                missing += n == 0 ? 1 : 0;
            }
            for (String[] s : new String[][] {{"C0OAKQOTD01", "oakfield"}, {"C0RIVQOTD01", "riverside"}}) {
                long n = slackPosts(s[0], "qotd:" + day + ":" + s[1]);
                occurrences += n > 0 ? 1 : 0;
                duplicates += (int) Math.max(0, n - 1);
            }
            for (long[] d : new long[][] {{SampleDiscord.HILLCREST_QOTD}, {SampleDiscord.SEVILLA_QOTD}}) {
                String school = d[0] == SampleDiscord.HILLCREST_QOTD ? "hillcrest" : "sevilla";
                long n = discordPosts(d[0], "qotd:" + day + ":" + school);
                occurrences += n > 0 ? 1 : 0;
                duplicates += (int) Math.max(0, n - 1);
            }
        }
        long claimsTwice = jdbc().sql(
                        "select count(*) from (select claim_key from qotd_post group by claim_key having count(*) > 1) x")
                .query(Long.class)
                .single();
        Figures.report(
                id,
                "instances",
                cluster.instances().size(),
                "schools",
                SCHOOLS + 4,
                "days",
                days,
                "occurrences",
                occurrences,
                "duplicate_posts",
                duplicates,
                "missing",
                missing,
                "double_claims",
                claimsTwice,
                "took",
                took,
                "most_live_discord_sessions",
                mostLiveSessions.get());
        assertThat(occurrences).isGreaterThanOrEqualTo(1000);
        assertThat(duplicates).isZero();
        assertThat(missing).isZero();
        assertThat(mostLiveSessions.get()).isLessThanOrEqualTo(1);
    }

    // ------------------------------------------------------------------ Discord: one gateway

    /**
     * Only one instance holds the Discord gateway (a lease on the database); a post recorded by a
     * standby instance is sent by the holder, once; when the holder stops, another takes over and
     * the two sessions never overlap. A holder that dies without a word loses its lease when it
     * runs out.
     */
    @Test
    @Order(3)
    void theDiscordGatewayIsHeldByOneInstanceAndMovesWhenItStops() throws InterruptedException {
        ConfigurableApplicationContext holder = awaitOneGatewayHolder();
        ConfigurableApplicationContext standby = cluster.instances().stream()
                .filter(a -> a != holder)
                .findFirst()
                .orElseThrow();
        assertThat(status(standby).state()).isEqualTo(ConnectorStatus.State.UP);
        assertThat(status(standby).detail()).contains("standing by");
        int identifiesBefore = discord.gateway().identifyCount();
        int connectionsBefore = discord.gateway().connectionCount();

        String key = "scaleout:standby:" + UUID.randomUUID();
        standby.getBean(Chat.class)
                .post(
                        Destination.channel(new ChannelRef(
                                Platform.DISCORD,
                                Long.toUnsignedString(SampleDiscord.HILLCREST),
                                Long.toUnsignedString(SampleDiscord.HILLCREST_STAFFROOM))),
                        Message.of("Recorded on a standby instance"),
                        key);
        assertThat(cluster.awaitDelivered(Duration.ofSeconds(30))).isTrue();
        long copies = discordPosts(SampleDiscord.HILLCREST_STAFFROOM, key);

        Instant stopping = Instant.now();
        cluster.stop(holder);
        await().atMost(30, TimeUnit.SECONDS).until(() -> discord.gateway().identifyCount() > identifiesBefore);
        Duration takeover = Duration.between(
                stopping,
                discord.gateway().identifyTimes().get(discord.gateway().identifyCount() - 1));
        ConfigurableApplicationContext next = awaitOneGatewayHolder();
        int identifies = discord.gateway().identifyCount() - identifiesBefore;
        int starts = discord.gateway().connectionCount() - connectionsBefore;

        // A holder that dies without releasing: its lease runs out and another may take it.
        SimpleDriverDataSource ds = dataSource();
        DiscordProbe.Lease dying = DiscordProbe.lease(ds, Duration.ofSeconds(2), "lease-test");
        DiscordProbe.Lease waiting = DiscordProbe.lease(ds, Duration.ofSeconds(2), "lease-test");
        assertThat(dying.takeOrRenew()).isTrue();
        assertThat(waiting.takeOrRenew()).isFalse();
        Instant died = Instant.now();
        await().atMost(10, TimeUnit.SECONDS)
                .pollInterval(Duration.ofMillis(100))
                .until(waiting::takeOrRenew);
        Duration expiry = Duration.between(died, Instant.now());
        assertThat(dying.takeOrRenew())
                .as("the dead holder cannot renew what it lost")
                .isFalse();
        waiting.release();

        Figures.report(
                "R16.discord-gateway",
                "instances",
                cluster.instances().size() + 1,
                "most_gateway_holders",
                mostGatewayHolders.get(),
                "gateway_starts",
                starts,
                "identifies_per_start",
                starts == 0 ? Double.NaN : (double) identifies / starts,
                "standby_post_copies",
                copies,
                "takeover_after_stop",
                takeover,
                "lease_expiry_after_death",
                expiry,
                "most_live_sessions",
                mostLiveSessions.get());
        assertThat(copies).isEqualTo(1);
        assertThat(mostLiveSessions.get()).isLessThanOrEqualTo(1);
        assertThat(mostGatewayHolders.get()).isEqualTo(1);
        assertThat(identifies).as("one IDENTIFY per gateway start").isEqualTo(starts);
        assertThat(next).isNotSameAs(holder);
        assertThat(expiry).isGreaterThanOrEqualTo(Duration.ofMillis(1500));
    }

    // ------------------------------------------------------------------ a long Retry-After

    /**
     * Slack says to wait longer than the time after which a claim counts as stale (here 6 s against
     * 2 s, and longer than the 1 s between stale checks). The instance that got the 429 must not
     * hold the claim through the wait: another instance would take it for a dead sender's, find no
     * post, and send it too.
     */
    @Test
    @Order(4)
    void aRetryAfterLongerThanTheStaleThresholdIsNotSentTwice() {
        String key = "scaleout:long-wait:" + UUID.randomUUID();
        String channel = "C0RIVSTAFF1";
        int before429 = count429();
        slack.rateLimitNext("chat.postMessage", 1, 6);
        cluster.instances()
                .get(0)
                .getBean(Chat.class)
                .post(
                        Destination.channel(new ChannelRef(Platform.SLACK, SlackTrust.TEAM, channel)),
                        Message.of("Slack said: wait 3 s"),
                        key);
        await().atMost(30, TimeUnit.SECONDS).until(() -> "SENT".equals(state(key)));
        assertThat(cluster.awaitDelivered(Duration.ofSeconds(30))).isTrue();
        long posts = slackPosts(channel, key);
        Figures.report(
                "R15.2instances",
                "retry_after",
                "6s",
                "stale_after",
                "2s",
                "instances",
                cluster.instances().size(),
                "http_429s",
                count429() - before429,
                "posts",
                posts);
        assertThat(posts).isEqualTo(1);
    }

    // ------------------------------------------------------------------ R17

    /**
     * R17: the instance sending a post dies after Slack stored it and before it recorded the
     * answer. Another instance finds the stale claim, finds the post in channel history by its
     * marker, and records it: nothing is posted again.
     */
    @Test
    @Order(5)
    void r17ACrashBetweenPostingAndRecordingPostsNothingTwice() {
        String key = "scaleout:r17:" + UUID.randomUUID();
        String channel = "C0OAKSTAFF1";
        slack.delayAfterCommit("chat.postMessage", Duration.ofSeconds(15));
        ConfigurableApplicationContext any = cluster.instances().get(0);
        any.getBean(Chat.class)
                .post(
                        Destination.channel(new ChannelRef(Platform.SLACK, SlackTrust.TEAM, channel)),
                        Message.of("Posted, then the instance died"),
                        key);
        await().atMost(20, TimeUnit.SECONDS).until(() -> slackPosts(channel, key) == 1);
        String claimedBy = jdbc().sql("select claimed_by from delivery where idempotency_key = ?")
                .param(key)
                .query(String.class)
                .single();
        ConfigurableApplicationContext sender = cluster.instances().stream()
                .filter(a -> ChatProbe.senderId(a).equals(claimedBy))
                .findFirst()
                .orElseThrow();
        Instant died = Instant.now();
        cluster.stop(sender);
        slack.clearFaults();

        await().atMost(60, TimeUnit.SECONDS).until(() -> "SENT".equals(state(key)));
        Duration recovered = Duration.between(died, Instant.now());
        String ts = jdbc().sql("select message_id from delivery where idempotency_key = ?")
                .param(key)
                .query(String.class)
                .single();
        long posts = slackPosts(channel, key);
        long historyReads = slack.calls("conversations.history").stream()
                .filter(c -> channel.equals(c.param("channel")))
                .count();
        Figures.report(
                "R17",
                "crashed_instance",
                Cluster.name(sender),
                "recorded_after",
                recovered,
                "found_by_marker",
                historyReads > 0,
                "duplicate_posts",
                posts - 1);
        assertThat(posts).isEqualTo(1);
        assertThat(slack.messages(channel).stream()
                        .filter(m -> key.equals(marker(m)))
                        .findFirst()
                        .orElseThrow()
                        .ts())
                .isEqualTo(ts);
    }

    // ------------------------------------------------------------------ R18

    /**
     * R18: every instance is down from 08:00 to 10:30 (the question of the day is due at 08:30; a
     * live PD chat's Q1–Q5 at 10:00–10:20). Two instances come back at 10:30: each school gets its
     * question once, late the same day; the chat's stale questions are skipped, not posted in a
     * burst, and its host (a coordinator) is told once.
     */
    @Test
    @Order(6)
    void r18EveryInstanceDownThroughTheMorningCatchesUpOnceAndSkipsStaleQuestions() {
        cluster.setTime(LocalDateTime.of(R18_DAY, LAST_TICK_BEFORE_OUTAGE), LONDON);
        cluster.tickAll();
        assertThat(cluster.awaitDelivered(Duration.ofSeconds(60))).isTrue();
        cluster.stopAll();

        cluster.start(2);
        awaitOneGatewayHolder();
        cluster.setTime(LocalDateTime.of(R18_DAY, BACK_AT), LONDON);
        cluster.tickAll();
        cluster.tickAll();
        assertThat(cluster.awaitDelivered(Duration.ofSeconds(120))).isTrue();

        int late = 0;
        int duplicates = 0;
        for (int i = 1; i <= SCHOOLS; i++) {
            long n = slackPosts(GeneratedTrust.qotdChannel(i), "qotd:" + R18_DAY + ":" + GeneratedTrust.schoolId(i));
            late += n > 0 ? 1 : 0;
            duplicates += (int) Math.max(0, n - 1);
        }
        // The chat is still on at 10:30 (until 10:50): it carries on from the current question, Q5, once per
        // school; Q1-Q4, whose moments passed while everything was down, are not posted in a burst.
        List<String> stale = new ArrayList<>();
        List<String> current = new ArrayList<>();
        for (String pd : List.of("C0OAKPD0001", "C0RIVPD0001")) {
            slack.messages(pd).stream()
                    .filter(m -> m.text() != null && m.text().contains("Downtime drill question"))
                    .forEach(m -> (m.text().contains("question 5?") ? current : stale).add(m.text()));
        }
        List<StoredMessage> told = slack.messages(slack.dmChannel(FARID)).stream()
                .filter(m -> m.text() != null && m.text().contains("#DrillChat"))
                .toList();
        String notice = told.isEmpty() ? "" : told.get(0).text();
        long skipped = java.util.stream.IntStream.rangeClosed(1, 5)
                .filter(q -> notice.contains("Q" + q))
                .count();
        // The delay on the instances' own clock: the daily question was due at 08:30; when was it claimed?
        Instant due = LocalDateTime.of(R18_DAY, QOTD_AT).atZone(LONDON).toInstant();
        Duration catchUp = jdbc().sql("select max(claimed_at) from qotd_post where post_date = ? and kind = 'DAILY'")
                .param(R18_DAY)
                .query(java.time.OffsetDateTime.class)
                .optional()
                .map(at -> Duration.between(due, at.toInstant()))
                .orElse(null);
        Figures.report(
                "R18",
                "outage",
                "after_" + LAST_TICK_BEFORE_OUTAGE + "_tick_until_" + BACK_AT,
                "qotd_due",
                QOTD_AT.toString(),
                "catch_up_delay",
                catchUp,
                "qotd_posted_late",
                late + "/" + SCHOOLS,
                "duplicate_posts",
                duplicates,
                "stale_questions_posted",
                stale.size(),
                "skipped_questions",
                skipped,
                "current_question_posted",
                current.size() + "/2",
                "host_told",
                told.size());
        assertThat(catchUp).as("the daily question was claimed on the day").isNotNull();
        assertThat(late).isEqualTo(SCHOOLS);
        assertThat(duplicates).isZero();
        assertThat(stale).as("no stale question posted late").isEmpty();
        assertThat(current).hasSize(2);
        assertThat(told).hasSize(1);
        assertThat(notice).contains("skipped", "Q1", "Q4").doesNotContain("Q5");
    }

    // ------------------------------------------------------------------ P2, R15

    /** P2: the question of the day fans out to every school's channel from two instances, within Slack's per-channel limit. */
    @Test
    @Order(7)
    void p2FanOutAcrossTwoInstances() {
        assertThat(cluster.instances()).hasSize(2);
        slack.enforceRateLimit("chat.postMessage", 1);
        int before429 = count429();
        try {
            Instant start = Instant.now();
            cluster.setTime(LocalDateTime.of(P2_DAY, LocalTime.of(8, 30)), LONDON);
            cluster.tickAll();
            assertThat(cluster.awaitDelivered(Duration.ofSeconds(180))).isTrue();
            Duration took = Duration.between(start, Instant.now());
            FanOut f = fanOut(P2_DAY);
            Figures.report(
                    "P2",
                    "scale",
                    Scale.name() + "(" + SCHOOLS + "_channels)",
                    "instances",
                    2,
                    "channels",
                    SCHOOLS,
                    "duration",
                    took,
                    "posts_per_s",
                    String.format(java.util.Locale.ROOT, "%.1f", SCHOOLS / (took.toMillis() / 1000.0)),
                    "http_429s",
                    count429() - before429,
                    "posts_per_channel_max",
                    f.max,
                    "missing",
                    f.missing);
            assertThat(f.max).isEqualTo(1);
            assertThat(f.missing).isZero();
        } finally {
            slack.clearFaults();
        }
    }

    /** R15: Slack answers 429 in the middle of a fan-out to every channel from one instance: paced, one post per channel. */
    @Test
    @Order(8)
    void r15RateLimitedFanOutPostsOncePerChannel() {
        cluster.stop(cluster.instances().get(1));
        slack.enforceRateLimit("chat.postMessage", 1);
        int before429 = count429();
        try {
            Instant start = Instant.now();
            cluster.setTime(LocalDateTime.of(R15_DAY, LocalTime.of(8, 30)), LONDON);
            cluster.tickAll();
            // Mid-way, Slack refuses the next ten posts with Retry-After: 1.
            await().atMost(60, TimeUnit.SECONDS).until(() -> fanOut(R15_DAY).posted >= SCHOOLS / 3);
            slack.rateLimitNext("chat.postMessage", 10, 1);
            assertThat(cluster.awaitDelivered(Duration.ofSeconds(180))).isTrue();
            Duration took = Duration.between(start, Instant.now());
            FanOut f = fanOut(R15_DAY);
            Figures.report(
                    "R15",
                    "channels",
                    SCHOOLS,
                    "instances",
                    1,
                    "duration",
                    took,
                    "http_429s",
                    count429() - before429,
                    "posts_per_channel_max",
                    f.max,
                    "missing",
                    f.missing);
            assertThat(count429() - before429).isGreaterThanOrEqualTo(10);
            assertThat(f.max).isEqualTo(1);
            assertThat(f.missing).isZero();
        } finally {
            slack.clearFaults();
        }
    }

    // ------------------------------------------------------------------ helpers

    record FanOut(int posted, int max, int missing) {}

    private static FanOut fanOut(LocalDate day) {
        int posted = 0;
        int max = 0;
        int missing = 0;
        for (int i = 1; i <= SCHOOLS; i++) {
            int n = (int) slackPosts(GeneratedTrust.qotdChannel(i), "qotd:" + day + ":" + GeneratedTrust.schoolId(i));
            posted += n > 0 ? 1 : 0;
            max = Math.max(max, n);
            missing += n == 0 ? 1 : 0;
        }
        return new FanOut(posted, max, missing);
    }

    private static int count429() {
        return (int) slack.calls("chat.postMessage").stream()
                .filter(c -> c.status() == 429)
                .count();
    }

    private static LocalDate nextSchoolDay() {
        LocalDate d = nextDay;
        while (d.getDayOfWeek().getValue() > 5) d = d.plusDays(1);
        nextDay = d.plusDays(1);
        return d;
    }

    static long slackPosts(String channel, String key) {
        return slack.messages(channel).stream()
                .filter(m -> key.equals(marker(m)))
                .count();
    }

    static String marker(StoredMessage m) {
        return m.metadata() == null
                        || m.metadataPayload() == null
                        || !m.metadataPayload().has("key")
                ? null
                : m.metadataPayload().get("key").getAsString();
    }

    static long discordPosts(long channel, String key) {
        String nonce = DiscordProbe.nonce(key);
        return discord.messages(channel).stream()
                .filter(m -> nonce.equals(m.nonce()))
                .count();
    }

    private static ConnectorStatus status(ConfigurableApplicationContext app) {
        return app.getBean(Connectors.class).statuses().get(Platform.DISCORD);
    }

    /** Waits until exactly one running instance holds the Discord gateway and is connected; returns it. */
    /** How many running instances hold the gateway lease right now (one stopping mid-count counts as not holding). */
    private static int gatewayHolders() {
        if (cluster == null) return 0;
        int holders = 0;
        for (ConfigurableApplicationContext app : cluster.instances()) {
            try {
                if (app.isActive() && DiscordProbe.holdsGateway(app)) holders++;
            } catch (RuntimeException closing) {
                // the context closed between the two calls: not a holder
            }
        }
        return holders;
    }

    private static ConfigurableApplicationContext awaitOneGatewayHolder() {
        await().atMost(60, TimeUnit.SECONDS)
                .until(() -> cluster.instances().stream()
                                        .filter(DiscordProbe::holdsGateway)
                                        .count()
                                == 1
                        && cluster.instances().stream()
                                .filter(DiscordProbe::holdsGateway)
                                .allMatch(a -> status(a).detail().startsWith("connected")));
        return cluster.instances().stream()
                .filter(DiscordProbe::holdsGateway)
                .findFirst()
                .orElseThrow();
    }

    private static String state(String key) {
        return jdbc().sql("select state from delivery where idempotency_key = ?")
                .param(key)
                .query(String.class)
                .optional()
                .orElse(null);
    }

    private static SimpleDriverDataSource dataSource() {
        return new SimpleDriverDataSource(new org.postgresql.Driver(), cluster.jdbcUrl(), "postgres", "postgres");
    }

    private static JdbcClient jdbc() {
        return JdbcClient.create(dataSource());
    }
}
