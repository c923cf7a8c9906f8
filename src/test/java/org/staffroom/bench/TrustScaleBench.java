package org.staffroom.bench;

import com.google.gson.JsonObject;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.staffroom.config.Platform;
import org.staffroom.testing.discord.FakeDiscord;
import org.staffroom.testing.discord.RateLimits;
import org.staffroom.testing.discord.RecordedCall;
import org.staffroom.testing.slack.FakeSlack;
import org.staffroom.testing.slack.StoredView;

/**
 * Issue 21's trust-scale run: {@link TrustScaleTrust} (50 schools, 25 on Slack over 2 workspaces, the
 * second installed through Staffroom's own OAuth install, and 25 over 5 Discord guilds, 5,000 staff in
 * people.yml), a live PD chat whose 200 participants post 5 messages a second
 * round the schools for {@code -Dbench.trust.minutes} (default 10; {@code -Dbench.trust.seconds} for a
 * quick check), and meanwhile {@code /qotd now} to all 50 qotd channels and a burst of 50 drafts
 * submitted through Slack's modal. Everything goes through the real Bolt and JDA clients to the
 * loopback fakes, which enforce the platforms' published limits: Slack's {@code chat.postMessage} one
 * a second per channel and 300 in any sliding minute per workspace (each workspace counted apart),
 * Discord's 5 per 5 s per channel and 50/s globally. {@code chat.update} one a
 * second per channel is recorded, not refused, and its per-minute rate is compared with Slack's
 * Tier 3 (50+ a minute). Measured: relay lag (message pushed → first post or edit carrying it at each
 * other school's PD channel) p50/p99, the fakes' rate-limit violations and 429s, every copy exactly
 * once in the final state of every other PD channel, and the process's CPU time over wall time and
 * resident memory. Staffroom runs in this JVM, so those are the whole JVM's (Staffroom, fakes and load
 * generator together) and are reported as such; the fakes' and the load generator's threads' CPU time
 * is measured too ({@link ThreadCpu}), so Staffroom's share is bounded by what is left. Then the same with two instances on one embedded PostgreSQL
 * ({@code -Dbench.trust.postgres=false} skips it).
 */
final class TrustScaleBench {

    static final String SCENARIO = "trustscale";
    static final int SLACK_SCHOOLS = 25;
    static final int DISCORD_SCHOOLS = 25;
    static final int PER_GUILD = 5;
    static final int PER_SECOND = 5;
    static final int DRAFTS = 50;
    /** Slack's published 1 message a second per channel and 300 a minute per workspace, as one-second windows. */
    static final int SLACK_CHANNEL_PER_SECOND = 1;

    static final int SLACK_WORKSPACE_PER_MINUTE = FakeSlack.POST_PER_WORKSPACE_PER_MINUTE;
    /** Slack's Tier 3, where {@code chat.update} sits: "50+ per minute" per workspace. */
    static final int SLACK_TIER3_PER_MINUTE = 50;

    static final int DISCORD_GLOBAL_PER_SECOND = 50;
    /** Pdchat's Relay.SIZE_CAP: a rolling copy message holds this many characters before a new one starts. */
    static final int ROLLING_CAP = 1800;

    private static final Pattern TOKEN = Pattern.compile("tsc(\\d{6})x");
    /** How long the last copies may take after the last message: 3 minutes, or the chat's length if longer. */
    private static Duration drain(Duration length) {
        return length.compareTo(Duration.ofMinutes(3)) > 0 ? length : Duration.ofMinutes(3);
    }

    private final Report report;
    private final List<String> failures = new ArrayList<>();

    TrustScaleBench(Report report) {
        this.report = report;
    }

    /** The chat's length: {@code bench.trust.seconds} if set, else {@code bench.trust.minutes} (default 10). */
    static Duration duration() {
        String seconds = System.getProperty("bench.trust.seconds", "").trim();
        if (!seconds.isEmpty()) return Duration.ofSeconds(Long.parseLong(seconds));
        return Duration.ofMinutes(Long.parseLong(System.getProperty("bench.trust.minutes", "10")));
    }

    void run() throws Exception {
        run("H2, 1 instance", 1, null);
        if (Boolean.parseBoolean(System.getProperty("bench.trust.postgres", "true"))) {
            try (EmbeddedPostgres pg = EmbeddedPostgres.builder()
                    .setServerConfig("max_connections", "100")
                    .start()) {
                run("PostgreSQL, 2 instances", 2, newDatabase(pg));
            }
        }
        if (!failures.isEmpty()) throw new AssertionError("trust-scale run: " + String.join("; ", failures));
    }

    private static String newDatabase(EmbeddedPostgres pg) throws SQLException {
        try (Connection c = pg.getPostgresDatabase().getConnection();
                Statement s = c.createStatement()) {
            s.execute("create database staffroom_scale");
        }
        return pg.getJdbcUrl("postgres", "staffroom_scale");
    }

    private void run(String backend, int instances, String postgresUrl) throws Exception {
        TrustScaleTrust trust = new TrustScaleTrust(SLACK_SCHOOLS, DISCORD_SCHOOLS, PER_GUILD);
        Path work = Bench.work(SCENARIO);
        Path config = trust.write(work.resolve("bot-config"));
        Duration length = duration();
        Bench.raw(
                SCENARIO, backend + ": " + trust + "; " + PER_SECOND + " messages/s for " + length.toSeconds() + " s");
        List<InProcessStaffroom> apps = new ArrayList<>();
        byte[] key = new byte[32];
        new java.security.SecureRandom().nextBytes(key);
        String secretKey = java.util.Base64.getEncoder().encodeToString(key);
        try (FakeSlack slack = trust.slack();
                FakeDiscord discord = trust.discord()) {
            slack.enforceRateLimit("chat.postMessage", SLACK_CHANNEL_PER_SECOND);
            slack.enforceWorkspaceRateLimit("chat.postMessage", SLACK_WORKSPACE_PER_MINUTE, Duration.ofMinutes(1));
            slack.rateLimit("chat.update", SLACK_CHANNEL_PER_SECOND);
            discord.rateLimits().enforce(true);
            try {
                for (int i = 0; i < instances; i++) {
                    Map<String, Object> p = InProcessStaffroom.baseProperties(work.resolve("instance-" + i), config);
                    InProcessStaffroom.slack(p, slack);
                    oauth(p, slack, secretKey);
                    // Slack's workspace limit is the app's: each instance keeps to its share.
                    p.put("staffroom.slack.limits.sending-instances", instances);
                    InProcessStaffroom.discord(p, discord);
                    p.put("spring.application.name", "staffroom-" + (i + 1));
                    if (postgresUrl != null) {
                        p.remove("spring.datasource.url");
                        p.put("spring.profiles.active", "postgres");
                        p.put("STAFFROOM_DB_URL", postgresUrl);
                        p.put("STAFFROOM_DB_USER", "postgres");
                        p.put("STAFFROOM_DB_PASSWORD", "postgres");
                        p.put("STAFFROOM_DB_POOL", "10");
                    }
                    apps.add(InProcessStaffroom.start(p)); // one after the other: the first migrates
                }
                apps.get(0).awaitUp(Duration.ofSeconds(120), Platform.SLACK, Platform.DISCORD);
                for (InProcessStaffroom app : apps) app.awaitUp(Duration.ofSeconds(120), Platform.SLACK);
                // The first workspace is the configured bot token's; the others install the app as an admin would.
                for (FakeSlack.Team team :
                        slack.teams().subList(1, slack.teams().size())) installByOAuth(apps.get(0), slack, team);
                LatencyBench.awaitCommandsRegistered(discord, trust.guilds());
                apps.get(0).tickAndSettle(Duration.ofSeconds(120)); // the chat opens: intro and Q1 in 50 channels
                Bench.sleep(3000); // let the channels' buckets fill again after the intro
                new Run(backend, instances, trust, slack, discord, apps, length).go();
            } finally {
                for (InProcessStaffroom app : apps) app.close();
            }
        }
    }

    /** Staffroom's OAuth settings, so that it can be installed in the workspaces after the first. */
    private static void oauth(Map<String, Object> p, FakeSlack slack, String secretKey) {
        p.put("staffroom.slack.client-id", TrustScaleTrust.OAUTH_CLIENT_ID);
        p.put("staffroom.slack.client-secret", TrustScaleTrust.OAUTH_CLIENT_SECRET);
        p.put("staffroom.slack.authorize-url", slack.baseUrl() + "/oauth/v2/authorize");
        p.put("staffroom.secret-key", secretKey);
    }

    /**
     * Installs Staffroom in {@code team} through its own /slack/install and /slack/oauth_redirect, with one
     * browser's cookie, the coordinator approving in the fake (which hands over that workspace's token).
     */
    private static void installByOAuth(InProcessStaffroom app, FakeSlack slack, FakeSlack.Team team)
            throws IOException, InterruptedException {
        HttpClient browser = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .cookieHandler(new CookieManager())
                .build();
        String base = "http://127.0.0.1:" + app.port();
        HttpResponse<String> start = browser.send(
                HttpRequest.newBuilder(URI.create(base + "/slack/install")).build(),
                HttpResponse.BodyHandlers.ofString());
        String location = start.headers().firstValue("Location").orElse("");
        Matcher state = Pattern.compile("[?&]state=([^&]+)").matcher(location);
        if (start.statusCode() != 302 || !state.find())
            throw new IllegalStateException("/slack/install answered " + start.statusCode() + " " + location);
        String code = slack.issueOAuthCode(BenchTrust.COORDINATOR_SLACK, team.id(), team.name());
        HttpResponse<String> done = browser.send(
                HttpRequest.newBuilder(URI.create(base + "/slack/oauth_redirect?code="
                                + URLEncoder.encode(code, StandardCharsets.UTF_8) + "&state=" + state.group(1)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (done.statusCode() != 200)
            throw new IllegalStateException("installing in " + team + ": " + done.statusCode() + " " + done.body());
    }

    /** One backend's run, from the first chat message to the last copy, and its figures. */
    private final class Run {
        private final String backend;
        private final int instances;
        private final TrustScaleTrust trust;
        private final FakeSlack slack;
        private final FakeDiscord discord;
        private final List<InProcessStaffroom> apps;
        private final Duration length;
        private final List<String> source = new ArrayList<>();
        private final List<Instant> pushedAt = new ArrayList<>();

        Run(
                String backend,
                int instances,
                TrustScaleTrust trust,
                FakeSlack slack,
                FakeDiscord discord,
                List<InProcessStaffroom> apps,
                Duration length) {
            this.backend = backend;
            this.instances = instances;
            this.trust = trust;
            this.slack = slack;
            this.discord = discord;
            this.apps = apps;
            this.length = length;
        }

        void go() throws Exception {
            int slackViolationsBefore = slack.rateLimitViolations().size();
            discord.rateLimits().reset();
            long draftsBefore = drafts();
            Instant start = Instant.now();
            long cpuStart = processCpuNanos();
            long wallStart = System.nanoTime();
            Memory memory = new Memory();
            // The load generator's threads are named so that their CPU time can be told from Staffroom's.
            Thread self = Thread.currentThread();
            String selfName = self.getName();
            self.setName(ThreadCpu.LOAD + "main");
            ThreadCpu threads = new ThreadCpu();
            ScheduledExecutorService sampler =
                    Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, ThreadCpu.LOAD + "sampler"));
            sampler.scheduleAtFixedRate(
                    () -> {
                        memory.sample();
                        threads.sample();
                    },
                    0,
                    2,
                    TimeUnit.SECONDS);
            java.util.concurrent.atomic.AtomicInteger sides = new java.util.concurrent.atomic.AtomicInteger();
            ExecutorService side = Executors.newFixedThreadPool(
                    10, r -> new Thread(r, ThreadCpu.LOAD + "drafts-" + sides.incrementAndGet()));
            try {
                long total = length.toSeconds() * PER_SECOND;
                long qotdAtMessage = Math.max(1, total / 10);
                long draftsAtMessage = Math.max(2, total / 5);
                Instant[] qotdAt = new Instant[1];
                List<Future<Instant>> drafts = new ArrayList<>();
                long t0 = System.nanoTime();
                for (int i = 0; i < total; i++) {
                    long due = t0 + (long) (i * 1e9 / PER_SECOND);
                    while (System.nanoTime() < due) Bench.sleep(1);
                    if (i == qotdAtMessage) qotdAt[0] = qotdNow();
                    if (i == draftsAtMessage) drafts = submitDrafts(side);
                    post(i);
                }
                Instant pushedAll = Instant.now();
                // Wait for the last copies: arrivals are read from what the fakes recorded.
                Map<String, Map<Integer, Instant>> arrived = new HashMap<>();
                boolean complete = Bench.await(drain(length), 2000, () -> {
                    arrived.clear();
                    arrived.putAll(Arrivals.byChannel(slack, discord, TOKEN));
                    return missing(arrived) == 0;
                });
                Instant drained = Instant.now();
                long wall = System.nanoTime() - wallStart;
                double cores = (processCpuNanos() - cpuStart) / (double) wall;
                threads.sample();
                Cpu cpu = new Cpu(
                        cores, threads.cores(ThreadCpu.Group.FAKES, wall), threads.cores(ThreadCpu.Group.LOAD, wall));
                memory.sample();
                List<Instant> draftSubmitted = new ArrayList<>();
                for (Future<Instant> f : drafts) {
                    try {
                        draftSubmitted.add(f.get(60, TimeUnit.SECONDS));
                    } catch (Exception e) {
                        Bench.raw(SCENARIO, backend + ": a draft submission failed: " + e);
                    }
                }
                Bench.await(Duration.ofSeconds(60), 500, () -> drafts() - draftsBefore >= DRAFTS);
                Bench.sleep(2000); // anything doubled would show up now
                arrived.clear();
                arrived.putAll(Arrivals.byChannel(slack, discord, TOKEN));
                record(
                        start,
                        pushedAll,
                        drained,
                        complete,
                        arrived,
                        qotdAt[0],
                        draftSubmitted,
                        draftsBefore,
                        cpu,
                        memory,
                        slackViolationsBefore);
            } finally {
                sampler.shutdownNow();
                side.shutdownNow();
                self.setName(selfName);
            }
        }

        private void post(int i) {
            List<TrustScaleTrust.School> schools = trust.schools();
            TrustScaleTrust.School s = schools.get(i % schools.size());
            int k = 1 + (i / schools.size()) % TrustScaleTrust.PARTICIPANTS_PER_SCHOOL;
            String text = String.format("A1 tsc%06dx at trust scale %s", i, TrustScaleTrust.HASHTAG);
            source.add(s.key(TrustScaleTrust.Purpose.PD));
            pushedAt.add(Instant.now());
            if (s.slack()) {
                slack.pushEvent(
                        slack.payloads(s.team()).message(s.channel(TrustScaleTrust.Purpose.PD), s.user(k), text));
            } else {
                discord.push(discord.events()
                        .message(Long.parseLong(s.channel(TrustScaleTrust.Purpose.PD)), Long.parseLong(s.user(k)), text)
                        .build());
            }
        }

        /** The coordinator's {@code /qotd now} in the first Slack school's qotd channel. */
        private Instant qotdNow() {
            Instant at = Instant.now();
            TrustScaleTrust.School first = trust.slackSchools().get(0);
            slack.pushSlashCommand(slack.payloads(first.team())
                    .slashCommand(
                            "/qotd", "now", BenchTrust.COORDINATOR_SLACK, first.channel(TrustScaleTrust.Purpose.QOTD)));
            return at;
        }

        /**
         * Fifty staff (two per Slack school, not chat participants) each run {@code /draft} and submit the
         * modal it opens, ten at a time. Each future gives the moment its submission was pushed.
         */
        private List<Future<Instant>> submitDrafts(ExecutorService side) {
            List<Future<Instant>> out = new ArrayList<>();
            List<TrustScaleTrust.School> schools = trust.slackSchools();
            for (int d = 0; d < DRAFTS; d++) {
                TrustScaleTrust.School s = schools.get(d % schools.size());
                String user = s.user(TrustScaleTrust.PARTICIPANTS_PER_SCHOOL + 1 + d / schools.size());
                int n = d;
                out.add(side.submit(() -> draft(s, user, n)));
            }
            return out;
        }

        private Instant draft(TrustScaleTrust.School s, String user, int n) {
            slack.pushSlashCommand(slack.payloads(s.team())
                    .slashCommand("/draft", "", user, s.channel(TrustScaleTrust.Purpose.REVIEW)));
            StoredView modal = null;
            // Slack's trigger lives 3 s: a modal not open after 10 s never will be.
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (modal == null && System.nanoTime() < deadline) {
                modal = slack.views().stream()
                        .filter(v -> "drafts.new".equals(v.callbackId()) && user.equals(v.userId()))
                        .findFirst()
                        .orElse(null);
                if (modal == null) Bench.sleep(20);
            }
            if (modal == null) throw new IllegalStateException("no draft modal opened for " + user + " in 10 s");
            JsonObject form = slack.payloads(s.team())
                    .viewSubmission(user, "drafts.new")
                    .of(modal)
                    .plainText("text", "text", "Year 4 built a rainforest in the hall today (draft " + n + ")")
                    .staticSelect("target", "target", "school", "The school’s own accounts")
                    .multiStaticSelect("networks", "networks", Map.of("facebook", "Facebook"))
                    .staticSelect("category", "category", "event", "Event")
                    .datepicker("date", "date", null)
                    .build();
            Instant at = Instant.now();
            slack.pushInteractive(form);
            return at;
        }

        private long drafts() {
            return apps.get(0)
                    .jdbc()
                    .sql("select count(*) from draft")
                    .query(Long.class)
                    .single();
        }

        // ------------------------------------------------------------------ what arrived

        private int missing(Map<String, Map<Integer, Instant>> arrived) {
            int missing = 0;
            for (TrustScaleTrust.School s : trust.schools()) {
                String key = s.key(TrustScaleTrust.Purpose.PD);
                Map<Integer, Instant> here = arrived.getOrDefault(key, Map.of());
                for (int i = 0; i < source.size(); i++) {
                    if (!source.get(i).equals(key) && !here.containsKey(i)) missing++;
                }
            }
            return missing;
        }

        /** Times each chat message shows in each PD channel's final state (the bot's messages only). */
        private int[][] shown() {
            List<TrustScaleTrust.School> schools = trust.schools();
            int[][] seen = new int[schools.size()][source.size()];
            for (int c = 0; c < schools.size(); c++) {
                TrustScaleTrust.School s = schools.get(c);
                String pd = s.channel(TrustScaleTrust.Purpose.PD);
                List<String> texts = s.slack()
                        ? slack.messages(pd).stream()
                                .filter(m ->
                                        m.botId() != null || slack.botUserId().equals(m.user()))
                                .map(m -> m.text())
                                .toList()
                        : discord.messages(Long.parseLong(pd)).stream()
                                .filter(m -> m.authorId() == discord.botId())
                                .map(FakeDiscord.StoredMessage::content)
                                .toList();
                for (String text : texts) {
                    Matcher m = TOKEN.matcher(text == null ? "" : text);
                    while (m.find()) {
                        int i = Integer.parseInt(m.group(1));
                        if (i < source.size()) seen[c][i]++;
                    }
                }
            }
            return seen;
        }

        // ------------------------------------------------------------------ figures

        private void record(
                Instant start,
                Instant pushedAll,
                Instant drained,
                boolean complete,
                Map<String, Map<Integer, Instant>> arrived,
                Instant qotdAt,
                List<Instant> draftSubmitted,
                long draftsBefore,
                Cpu cpu,
                Memory memory,
                int slackViolationsBefore) {
            int n = source.size();
            List<TrustScaleTrust.School> schools = trust.schools();
            // Relay lag over every copy that arrived.
            List<Double> lags = new ArrayList<>();
            for (TrustScaleTrust.School s : schools) {
                String key = s.key(TrustScaleTrust.Purpose.PD);
                for (Map.Entry<Integer, Instant> a :
                        arrived.getOrDefault(key, Map.of()).entrySet()) {
                    int i = a.getKey();
                    if (i < n && !source.get(i).equals(key))
                        lags.add(Duration.between(pushedAt.get(i), a.getValue()).toNanos() / 1e6);
                }
            }
            int expectedCopies = n * (schools.size() - 1);
            int neverArrived = missing(arrived);
            // Exactly once in the final state of each PD channel.
            int[][] seen = shown();
            int doubled = 0;
            int absent = 0;
            int ownEchoed = 0;
            Map<String, Integer> absentByChannel = new java.util.TreeMap<>();
            for (int c = 0; c < schools.size(); c++) {
                String key = schools.get(c).key(TrustScaleTrust.Purpose.PD);
                for (int i = 0; i < n; i++) {
                    boolean own = source.get(i).equals(key);
                    if (own && seen[c][i] > 0) ownEchoed++;
                    else if (!own && seen[c][i] > 1) doubled++;
                    else if (!own && seen[c][i] == 0) {
                        absent++;
                        absentByChannel.merge(key, 1, Integer::sum);
                    }
                }
            }

            // Rate limits as the fakes counted them, from the chat's start on.
            List<org.staffroom.testing.slack.RecordedCall> slackOver = slack.rateLimitViolations()
                    .subList(slackViolationsBefore, slack.rateLimitViolations().size());
            Map<String, Integer> slackOverByMethod = new java.util.TreeMap<>();
            slackOver.forEach(c -> slackOverByMethod.merge(c.method() + "@" + c.teamId(), 1, Integer::sum));
            // Which limit each broke: its channel's one a second (another call accepted there within the second
            // before it), or else the workspace's.
            int overChannel = 0;
            for (org.staffroom.testing.slack.RecordedCall v : slackOver) {
                boolean channelBusy = slack.calls(v.method()).stream()
                        .anyMatch(c -> c.status() == 200
                                && v.param("channel") != null
                                && v.param("channel").equals(c.param("channel"))
                                && !c.receivedAt().isAfter(v.receivedAt())
                                && Duration.between(c.receivedAt(), v.receivedAt())
                                                .compareTo(Duration.ofSeconds(1))
                                        < 0);
                if (channelBusy) overChannel++;
            }
            long slack429 = slack.calls().stream()
                    .filter(c -> c.status() == 429 && !c.receivedAt().isBefore(start))
                    .count();
            List<RateLimits.Violation> discordOver = discord.rateLimits().violations();
            Map<RateLimits.Kind, Integer> discordByKind = new HashMap<>();
            discordOver.forEach(v -> discordByKind.merge(v.kind(), 1, Integer::sum));
            long discord429 = discord.calls().stream()
                    .filter(c -> c.status() == 429 && !c.receivedAt().isBefore(start))
                    .count();
            // Slack counts each workspace apart: the busiest minute of the busiest workspace.
            int postsPerMinute = 0;
            int updatesPerMinute = 0;
            for (FakeSlack.Team t : slack.teams()) {
                postsPerMinute = Math.max(postsPerMinute, busiestMinute(slackOk("chat.postMessage", start, t)));
                updatesPerMinute = Math.max(updatesPerMinute, busiestMinute(slackOk("chat.update", start, t)));
            }
            int discordBusiestSecond = busiestSecond(discord.calls().stream()
                    .filter(c -> !c.method().equals("GET") && !c.receivedAt().isBefore(start))
                    .map(RecordedCall::receivedAt)
                    .toList());

            // The question of the day: one post in each of the 50 qotd channels (thread replies aside).
            Map<String, Integer> qotdPosts = new HashMap<>();
            List<Instant> qotdTimes = new ArrayList<>();
            if (qotdAt != null) {
                for (org.staffroom.testing.slack.RecordedCall c : slackOk("chat.postMessage", qotdAt)) {
                    if (c.param("thread_ts") != null || !isQotd(c.param("channel"))) continue;
                    qotdPosts.merge("slack:" + c.param("channel"), 1, Integer::sum);
                    qotdTimes.add(c.receivedAt());
                }
                for (RecordedCall c : discord.calls("POST", "channels/{channel_id}/messages")) {
                    String channel = c.path().split("/")[1];
                    if (c.status() >= 300 || c.receivedAt().isBefore(qotdAt) || !isQotd(channel)) continue;
                    qotdPosts.merge("discord:" + channel, 1, Integer::sum);
                    qotdTimes.add(c.receivedAt());
                }
            }
            Instant qotdLast = qotdTimes.stream().max(Instant::compareTo).orElse(null);
            int qotdWrong = 0;
            for (TrustScaleTrust.School s : schools) {
                if (qotdPosts.getOrDefault(s.key(TrustScaleTrust.Purpose.QOTD), 0) != 1) qotdWrong++;
            }

            // The drafts: rows stored and cards posted in the review channels.
            long draftsStored = drafts() - draftsBefore;
            Instant firstDraft = draftSubmitted.stream().min(Instant::compareTo).orElse(null);
            List<Instant> cards = firstDraft == null
                    ? List.of()
                    : slackOk("chat.postMessage", firstDraft).stream()
                            .filter(c -> isReview(c.param("channel")) && c.param("thread_ts") == null)
                            .map(org.staffroom.testing.slack.RecordedCall::receivedAt)
                            .toList();
            Instant lastCard = cards.stream().max(Instant::compareTo).orElse(null);

            // The floor the platforms' limits allow.
            double copyChars = averageCopyLength();
            // Per workspace: the largest one's share of the Slack schools.
            int largestWorkspace = 0;
            for (FakeSlack.Team t : slack.teams())
                largestWorkspace = Math.max(largestWorkspace, (int) trust.slackSchools().stream()
                        .filter(x -> x.team().equals(t.id()))
                        .count());
            double slackPostsNeeded =
                    largestWorkspace * PER_SECOND * (schools.size() - 1.0) / schools.size() * copyChars / ROLLING_CAP;
            double discordOpsNeeded = DISCORD_SCHOOLS * 1.0; // one edit or post a second per channel, at most
            String floor = "p50 ≈ 500 ms, p99 ≈ 990 ms: each channel takes one operation a second (Slack 1/s, Discord"
                    + " 5 per 5 s), so a copy waits for its channel's next one; Slack needs "
                    + Bench.num(slackPostsNeeded * 60, 0) + " new rolling posts a minute in its largest workspace ("
                    + largestWorkspace + " schools; " + Bench.num(copyChars, 0) + " characters a copy, " + ROLLING_CAP
                    + " a message) of " + SLACK_WORKSPACE_PER_MINUTE + " a minute, Discord "
                    + Bench.num(discordOpsNeeded, 0) + " requests/s of "
                    + DISCORD_GLOBAL_PER_SECOND + "/s";

            double p50 = Bench.percentile(lags, 50);
            double p99 = Bench.percentile(lags, 99);
            Bench.raw(
                    SCENARIO,
                    backend + ": " + n + " messages in "
                            + Duration.between(start, pushedAll).toSeconds()
                            + " s; copies arrived " + lags.size() + " of " + expectedCopies + " (never arrived "
                            + neverArrived + ", drained " + (complete ? "yes" : "NO") + " "
                            + Duration.between(pushedAll, drained).toMillis() + " ms after the last push); lag p50 "
                            + Bench.ms(p50) + ", p99 " + Bench.ms(p99) + ", max " + Bench.ms(Bench.max(lags))
                            + "; final state: doubled " + doubled + ", missing " + absent + ", own echoed "
                            + ownEchoed + (absentByChannel.isEmpty() ? "" : ", missing by channel " + absentByChannel));
            Bench.raw(
                    SCENARIO,
                    backend + ": rate limits: Slack over " + slackOver.size() + " " + slackOverByMethod + " (over a"
                            + " channel's 1/s " + overChannel + ", over a workspace's limit "
                            + (slackOver.size() - overChannel)
                            + ")"
                            + ", 429s " + slack429 + ", busiest workspace minute chat.postMessage " + postsPerMinute
                            + " (limit " + SLACK_WORKSPACE_PER_MINUTE + " per workspace), chat.update "
                            + updatesPerMinute
                            + " (Tier 3: " + SLACK_TIER3_PER_MINUTE + "+); Discord violations " + discordOver.size()
                            + " " + discordByKind + ", 429s " + discord429 + ", busiest second " + discordBusiestSecond
                            + " requests (limit " + DISCORD_GLOBAL_PER_SECOND + ")");
            Bench.raw(
                    SCENARIO,
                    backend + ": qotd now → " + qotdPosts.size() + " channels posted, " + qotdWrong
                            + " without exactly one post, last after "
                            + (qotdLast == null
                                    ? "–"
                                    : Duration.between(qotdAt, qotdLast).toMillis() + " ms")
                            + "; drafts submitted " + draftSubmitted.size() + "/" + DRAFTS + ", stored "
                            + draftsStored + ", review cards " + cards.size() + ", last card after "
                            + (lastCard == null
                                    ? "–"
                                    : Duration.between(firstDraft, lastCard).toMillis() + " ms")
                            + "; CPU of the whole bench JVM " + Bench.num(cpu.jvm(), 2) + " cores of "
                            + Runtime.getRuntime().availableProcessors() + " (the fakes' threads "
                            + Bench.num(cpu.fakes(), 2) + ", the load generator's " + Bench.num(cpu.load(), 2)
                            + ", the rest, Staffroom with the JVM's GC and compiler, " + Bench.num(cpu.rest(), 2)
                            + "); RSS of the whole bench JVM " + Bench.mib(memory.lastKib)
                            + " (max sampled " + Bench.mib(memory.maxKib) + ", peak VmHWM " + Bench.mib(memory.hwmKib)
                            + ")");
            Bench.raw(SCENARIO, backend + ": floor " + floor);

            String section = "9. Trust-scale run (" + backend + "): 50 schools (25 Slack in "
                    + TrustScaleTrust.SLACK_WORKSPACES + " workspaces, 25 Discord"
                    + " in 5 guilds), 5,000 staff, " + trust.participants() + " participants posting " + PER_SECOND
                    + "/s for " + length.toSeconds() + " s, with /qotd now and " + DRAFTS + " drafts";
            report.row(
                    section,
                    "Relay lag, message pushed → its copy in each other school's PD channel (p50 / p99)",
                    Bench.ms(p50) + " / " + Bench.ms(p99),
                    "floor ≈ 500 ms / 990 ms",
                    Bench.ratio(p99 / 990.0) + " (p99)",
                    lags.size() + " of " + expectedCopies + " copies arrived; max " + Bench.ms(Bench.max(lags)));
            report.row(
                    section,
                    "Rate-limit violations counted by the fakes (Slack / Discord)",
                    slackOver.size() + " / " + discordOver.size(),
                    "0",
                    "–",
                    "Slack: " + overChannel + " over a channel's 1/s, " + (slackOver.size() - overChannel)
                            + " over a workspace's limit; 429s " + slack429 + " / " + discord429
                            + "; busiest minute of a workspace: chat.postMessage "
                            + postsPerMinute + " of " + SLACK_WORKSPACE_PER_MINUTE + ", chat.update " + updatesPerMinute
                            + " (Tier 3 "
                            + SLACK_TIER3_PER_MINUTE + "+); Discord busiest second " + discordBusiestSecond + " of "
                            + DISCORD_GLOBAL_PER_SECOND);
            report.row(
                    section,
                    "Copies exactly once (final state of the 50 PD channels)",
                    (doubled == 0 && absent == 0 && ownEchoed == 0 ? "yes" : "NO") + ": doubled " + doubled
                            + ", missing " + absent,
                    "0 / 0",
                    "–",
                    n + " messages × " + (schools.size() - 1) + " channels; own channel echoed " + ownEchoed);
            report.row(
                    section,
                    "Question of the day to 50 channels; drafts stored / review cards",
                    (qotdLast == null
                                    ? "–"
                                    : Bench.num(
                                                    Duration.between(qotdAt, qotdLast)
                                                                    .toMillis()
                                                            / 1000.0,
                                                    1) + " s")
                            + "; " + draftsStored + " / " + cards.size(),
                    "qotd floor " + Bench.num(largestWorkspace * 60.0 / SLACK_WORKSPACE_PER_MINUTE, 1) + " s; " + DRAFTS
                            + " / " + DRAFTS,
                    "–",
                    qotdWrong + " qotd channel(s) without exactly one post");
            report.row(
                    section,
                    "CPU (CPU time / wall) and RSS of the whole bench JVM, not Staffroom's alone",
                    Bench.num(cpu.jvm(), 2) + " cores; " + Bench.mib(memory.lastKib) + " (peak "
                            + Bench.mib(memory.hwmKib) + ")",
                    Runtime.getRuntime().availableProcessors() + " cores",
                    "–",
                    "one JVM holding " + instances + " Staffroom instance(s), both fakes and the load generator;"
                            + " RSS cannot be split within it");
            report.row(
                    section,
                    "CPU by thread: the fakes / the load generator / the rest (Staffroom, GC, JIT)",
                    Bench.num(cpu.fakes(), 2) + " / " + Bench.num(cpu.load(), 2) + " / " + Bench.num(cpu.rest(), 2)
                            + " cores",
                    "–",
                    "–",
                    "thread CPU times sampled every 2 s (a thread that ended keeps its last sample); the rest is"
                            + " the whole JVM's less the two, so it is an upper bound for Staffroom's own");
            report.row(section, "Floor the platforms' limits allow", floor, "–", "–", "computed, not measured");

            if (neverArrived > 0 || doubled > 0 || absent > 0 || ownEchoed > 0)
                failures.add(backend + ": " + neverArrived + " copies never arrived, " + doubled + " doubled, " + absent
                        + " missing, " + ownEchoed + " echoed into their own channel");
            if (qotdWrong > 0) failures.add(backend + ": " + qotdWrong + " qotd channels without exactly one post");
        }

        private boolean isQotd(String channel) {
            return trust.schools().stream()
                    .anyMatch(s -> s.channel(TrustScaleTrust.Purpose.QOTD).equals(channel));
        }

        private boolean isReview(String channel) {
            return trust.schools().stream()
                    .anyMatch(s -> s.channel(TrustScaleTrust.Purpose.REVIEW).equals(channel));
        }

        private List<org.staffroom.testing.slack.RecordedCall> slackOk(String method, Instant from) {
            return slack.calls(method).stream()
                    .filter(c -> c.ok() && !c.receivedAt().isBefore(from))
                    .toList();
        }

        /** As {@link #slackOk(String, Instant)}, in one workspace. */
        private List<org.staffroom.testing.slack.RecordedCall> slackOk(String method, Instant from, FakeSlack.Team t) {
            return slackOk(method, from).stream()
                    .filter(c -> t.id().equals(c.teamId()))
                    .toList();
        }

        /** Characters per relayed copy, from the final state of the Slack PD channels. */
        private double averageCopyLength() {
            long chars = 0;
            long copies = 0;
            for (TrustScaleTrust.School s : trust.slackSchools()) {
                for (var m : slack.messages(s.channel(TrustScaleTrust.Purpose.PD))) {
                    String text = m.text() == null ? "" : m.text();
                    Matcher t = TOKEN.matcher(text);
                    int here = 0;
                    while (t.find()) here++;
                    if (here > 0) {
                        chars += text.length();
                        copies += here;
                    }
                }
            }
            return copies == 0 ? Double.NaN : (double) chars / copies;
        }
    }

    private static int busiestMinute(List<org.staffroom.testing.slack.RecordedCall> calls) {
        return busiest(
                calls.stream()
                        .map(org.staffroom.testing.slack.RecordedCall::receivedAt)
                        .toList(),
                Duration.ofMinutes(1));
    }

    private static int busiestSecond(List<Instant> times) {
        return busiest(times, Duration.ofSeconds(1));
    }

    /** The most of {@code times} within any sliding {@code window}. */
    private static int busiest(List<Instant> times, Duration window) {
        List<Instant> sorted = times.stream().sorted().toList();
        int best = 0;
        int from = 0;
        for (int to = 0; to < sorted.size(); to++) {
            while (Duration.between(sorted.get(from), sorted.get(to)).compareTo(window) >= 0) from++;
            best = Math.max(best, to - from + 1);
        }
        return best;
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** CPU over the run in cores: the whole JVM's, its fakes' threads', its load generator's, and the rest. */
    record Cpu(double jvm, double fakes, double load) {
        double rest() {
            return jvm - fakes - load;
        }
    }

    /**
     * CPU time per thread ({@link ThreadMXBean}), sampled, summed for the fakes' threads and the load
     * generator's: the fakes' HTTP and WebSocket servers (Staffroom's clients are OkHttp, Java-WebSocket's
     * client and nv-websocket, whose threads are named otherwise) and the bench's own named threads.
     */
    static final class ThreadCpu {
        static final String LOAD = "bench-load-";

        enum Group {
            FAKES,
            LOAD
        }

        private final ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        private final Map<Long, Long> first = new HashMap<>();
        private final Map<Long, Long> last = new HashMap<>();
        private final Map<Long, Group> groups = new HashMap<>();
        private boolean started;

        static Group group(String name) {
            if (name.startsWith(LOAD)) return Group.LOAD;
            if (name.startsWith("fake-")
                    || name.startsWith("WebSocketSelector-")
                    || name.startsWith("WebSocketWorker-")
                    || name.equals("HTTP-Dispatcher")) return Group.FAKES;
            return null;
        }

        synchronized void sample() {
            if (!mx.isThreadCpuTimeSupported()) return;
            if (!mx.isThreadCpuTimeEnabled()) mx.setThreadCpuTimeEnabled(true);
            for (ThreadInfo t : mx.getThreadInfo(mx.getAllThreadIds())) {
                if (t == null) continue;
                Group g = group(t.getThreadName());
                if (g == null) continue;
                long cpu = mx.getThreadCpuTime(t.getThreadId());
                if (cpu < 0) continue;
                // A thread there at the first sample counts from then; one born later from its start.
                first.putIfAbsent(t.getThreadId(), started ? 0L : cpu);
                last.put(t.getThreadId(), cpu);
                groups.put(t.getThreadId(), g);
            }
            started = true;
        }

        synchronized double cores(Group g, long wallNanos) {
            long sum = 0;
            for (Map.Entry<Long, Group> e : groups.entrySet())
                if (e.getValue() == g) sum += last.get(e.getKey()) - first.get(e.getKey());
            return sum / (double) wallNanos;
        }
    }

    /** Resident memory of this process from /proc/self/status: the last and largest samples and the kernel's peak. */
    private static final class Memory {
        volatile long lastKib;
        volatile long maxKib;
        volatile long hwmKib;

        synchronized void sample() {
            try {
                for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                    if (line.startsWith("VmRSS:")) lastKib = Long.parseLong(line.replaceAll("\\D+", ""));
                    if (line.startsWith("VmHWM:")) hwmKib = Long.parseLong(line.replaceAll("\\D+", ""));
                }
                maxKib = Math.max(maxKib, lastKib);
            } catch (IOException | RuntimeException e) {
                // not Linux: the figures stay 0 and the table shows it
            }
        }
    }
}
