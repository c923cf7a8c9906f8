package org.staffroom.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.ToIntFunction;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.transaction.support.TransactionTemplate;
import org.staffroom.config.Platform;
import org.staffroom.drafts.PostApproved;
import org.staffroom.drafts.TestPhotos;
import org.staffroom.testing.networks.FakeBluesky;
import org.staffroom.testing.networks.FakeGraph;
import org.staffroom.testing.networks.FakeMastodon;
import org.staffroom.testing.networks.LoopbackApi;
import org.staffroom.testing.slack.FakeSlack;

/**
 * Figure 8 (issue 20): 200 approved posts, each with one photo, published from 50 schools to their
 * own Facebook Page, Instagram account, Bluesky and Mastodon accounts (200 accounts, each with its
 * own loopback fake), all due at once; the wall time from the first approval to every one of the
 * 800 publications recorded, against the floor the fakes' rate limits allow.
 *
 * <p>The limits. At the networks' published values (see each fake) four posts per account never
 * fill a window: the floor would be zero and nothing would wait. So every limit of every fake is
 * scaled the same way, {@link #WINDOW_DIVISOR windows ÷ 60} and {@link #COUNT_DIVISOR counts ÷ 15}
 * rounded up (sustained rates ×4, bursts ÷15): Mastodon's 30 media uploads per 30 minutes become 2
 * per 30 s, Bluesky's 30 createSession per 5 minutes 2 per 5 s, Instagram's 100 posts per 24 hours
 * 7 per 24 minutes, and so on. Staffroom's tick (30 s by default, when waiting rows are retried) is
 * compressed by the same 60 to {@link #TICK}. The floor is computed from the limits the fakes hold
 * at the start, {@link #floor}.
 *
 * <p>The approvals. The 200 drafts are written as approved rows (text, networks, one photo on disk)
 * and their {@link PostApproved} events published one transaction each, as the final approval
 * does; the chat round trip of approving is not part of this figure.
 */
final class PublishingBench {

    static final String SCENARIO = "publishing";
    static final int SCHOOLS = 50;
    static final int POSTS = 200;
    static final List<String> NETWORKS = List.of("facebook", "instagram", "bluesky", "mastodon");
    static final long WINDOW_DIVISOR = 60;
    static final int COUNT_DIVISOR = 15;
    static final Duration TICK = Duration.ofSeconds(30).dividedBy(WINDOW_DIVISOR);
    private static final String TOKEN = "bench-graph-token";
    private static final String APP_PASSWORD = "bench-app-password";

    private final Report report;

    PublishingBench(Report report) {
        this.report = report;
    }

    /** One school's accounts: a Graph fake holds its Page and Instagram account, as graph.facebook.com does. */
    private record Accounts(BenchTrust.School school, FakeGraph graph, FakeBluesky bluesky, FakeMastodon mastodon) {
        static String pageId(BenchTrust.School s) {
            return "10" + s.n();
        }

        static String igUserId(BenchTrust.School s) {
            return "178414" + s.n();
        }

        static String handle(BenchTrust.School s) {
            return s.id() + ".bsky.social";
        }

        List<LoopbackApi> fakes() {
            return List.of(graph, bluesky, mastodon);
        }
    }

    void run() throws Exception {
        BenchTrust trust = new BenchTrust(SCHOOLS, 0, 25, List.of(BenchTrust.Purpose.STAFFROOM), false);
        Path work = Bench.work(SCENARIO);
        Path config = trust.write(work.resolve("bot-config"));
        Path files = Files.createDirectories(work.resolve("files"));
        int port = freePort();
        List<Accounts> accounts = new ArrayList<>();
        try (FakeSlack slack = trust.slack()) {
            try {
                for (BenchTrust.School s : trust.schools()) {
                    FakeGraph graph = new FakeGraph(
                            java.time.Clock.systemUTC(),
                            Accounts.pageId(s),
                            Accounts.igUserId(s),
                            TOKEN,
                            0, // Graph's app-level limit spans all of an app's Pages; not modelled per Page
                            Duration.ofHours(1));
                    FakeBluesky bluesky = new FakeBluesky(
                            java.time.Clock.systemUTC(),
                            Accounts.handle(s),
                            APP_PASSWORD,
                            FakeBluesky.PUBLISHED_REQUESTS.count(),
                            FakeBluesky.PUBLISHED_REQUESTS.window());
                    FakeMastodon mastodon = new FakeMastodon(
                            java.time.Clock.systemUTC(),
                            s.id(),
                            TOKEN,
                            FakeMastodon.PUBLISHED_REQUESTS.count(),
                            FakeMastodon.PUBLISHED_REQUESTS.window());
                    Accounts a = new Accounts(s, graph, bluesky, mastodon);
                    a.fakes().forEach(PublishingBench::scale);
                    accounts.add(a);
                }
                connect(config, accounts, port);
                Map<String, Object> p = InProcessStaffroom.baseProperties(work, config);
                InProcessStaffroom.slack(p, slack);
                p.put("server.port", String.valueOf(port));
                p.put("staffroom.files.dir", files.toAbsolutePath().toString());
                p.put("staffroom.ticker.interval", TICK.toMillis() + "ms");
                p.put("staffroom.ticker.initial-delay", TICK.toMillis() + "ms");
                p.put("BENCH_GRAPH_TOKEN", TOKEN);
                p.put("BENCH_BSKY_PASSWORD", APP_PASSWORD);
                p.put("BENCH_MASTODON_TOKEN", TOKEN);
                try (InProcessStaffroom app = InProcessStaffroom.start(p)) {
                    app.awaitUp(Duration.ofSeconds(60), Platform.SLACK);
                    measure(app, trust, accounts, files);
                }
            } finally {
                for (Accounts a : accounts) a.fakes().forEach(LoopbackApi::close);
            }
        }
    }

    private void measure(InProcessStaffroom app, BenchTrust trust, List<Accounts> accounts, Path files) {
        List<Approved> drafts = seed(app.jdbc(), trust, files);
        int perAccount = POSTS / SCHOOLS;
        Floor floor = floor(accounts, perAccount);
        TransactionTemplate tx = app.bean(TransactionTemplate.class);

        long start = System.nanoTime();
        for (Approved d : drafts) {
            tx.executeWithoutResult(s -> app.publishEvent(new PostApproved(d.draft(), d.school(), Instant.now())));
        }
        double approvedMs = Bench.millisSince(start);
        int expected = POSTS * NETWORKS.size();
        double[] onFakes = {Double.NaN};
        boolean done = Bench.await(Duration.ofMinutes(5), 50, () -> {
            if (Double.isNaN(onFakes[0])
                    && total(accounts, a -> a.graph().pagePostsCreated()) >= POSTS
                    && total(accounts, a -> a.graph().instagramPublished()) >= POSTS
                    && total(accounts, a -> a.bluesky().created()) >= POSTS
                    && total(accounts, a -> a.mastodon().created()) >= POSTS) onFakes[0] = Bench.millisSince(start);
            return published(app.jdbc()) >= expected || stopped(app.jdbc()) > 0;
        });
        double wallMs = Bench.millisSince(start);
        Map<String, Long> states = new LinkedHashMap<>();
        app.jdbc()
                .sql("select state, count(*) from publication group by state order by state")
                .query((rs, n) -> Map.entry(rs.getString(1), rs.getLong(2)))
                .list()
                .forEach(e -> states.put(e.getKey(), e.getValue()));
        if (!done || stopped(app.jdbc()) > 0)
            throw new AssertionError("publishing: not every publication went out within 5 minutes: " + states + "; "
                    + app
                            .jdbc()
                            .sql(
                                    "select network, last_error from publication where not (action = 'PUBLISH' and state = 'SENT')")
                            .query((rs, n) -> rs.getString(1) + ": " + rs.getString(2))
                            .list()
                            .stream()
                            .distinct()
                            .limit(5)
                            .toList());

        int[] perNetwork = {
            total(accounts, a -> a.graph().pagePostsCreated()),
            total(accounts, a -> a.graph().instagramPublished()),
            total(accounts, a -> a.bluesky().created()),
            total(accounts, a -> a.mastodon().created())
        };
        for (Accounts a : accounts) {
            int[] mine = {
                a.graph().pagePostsCreated(),
                a.graph().instagramPublished(),
                a.bluesky().created(),
                a.mastodon().created()
            };
            for (int i = 0; i < mine.length; i++) {
                if (mine[i] != perAccount)
                    throw new AssertionError("publishing: " + a.school().id() + " has " + mine[i] + " posts on "
                            + NETWORKS.get(i) + ", not " + perAccount + " (exactly once per account)");
            }
        }
        int graphRefusals = total(accounts, a -> a.graph().rateLimitedCount());
        int blueskyRefusals = total(accounts, a -> a.bluesky().rateLimitedCount());
        int mastodonRefusals = total(accounts, a -> a.mastodon().rateLimitedCount());
        Map<String, Integer> byLimit = new LinkedHashMap<>();
        for (Accounts a : accounts) {
            for (LoopbackApi f : a.fakes()) {
                for (String limit : f.limits().keySet()) {
                    int n = f.rateLimited(limit);
                    if (n > 0) byLimit.merge(f.getClass().getSimpleName() + " " + limit, n, Integer::sum);
                }
            }
        }
        long requests = accounts.stream()
                .flatMap(a -> a.fakes().stream())
                .mapToLong(f -> f.calls().size())
                .sum();
        List<String> retries = app.jdbc()
                .sql("select network, last_error from publication where attempts > 0")
                .query((rs, n) -> rs.getString(1) + ": " + rs.getString(2))
                .list();
        int refusals = graphRefusals + blueskyRefusals + mastodonRefusals;

        Bench.raw(SCENARIO, "200 approvals published in " + Bench.ms(approvedMs) + "; states " + states);
        Bench.raw(
                SCENARIO,
                String.format(
                        Locale.ROOT,
                        "approval → all %d publications recorded %s (on the fakes at %s); floor %s, from %s",
                        expected,
                        Bench.ms(wallMs),
                        Bench.ms(onFakes[0]),
                        Bench.ms(floor.millis()),
                        floor.why()));
        Bench.raw(
                SCENARIO,
                "posts on the fakes (facebook, instagram, bluesky, mastodon): " + java.util.Arrays.toString(perNetwork)
                        + "; requests the fakes received " + requests + "; "
                        + String.format(Locale.ROOT, "%.1f", expected / (wallMs / 1000)) + " publications/s; "
                        + retries.size() + " publications retried " + retries);
        Bench.raw(SCENARIO, "rate-limit answers by limit: " + byLimit);
        Bench.raw(SCENARIO, "limits in force (school 1): " + limitsOf(accounts.get(0)));

        String section = "8. Publishing (" + POSTS + " approved posts with a photo, " + SCHOOLS
                + " schools × 4 networks, the fakes' limits scaled: windows ÷ " + WINDOW_DIVISOR + ", counts ÷ "
                + COUNT_DIVISOR + ", tick " + TICK.toMillis() + " ms)";
        report.row(
                section,
                "Approval → all " + expected + " publications recorded (" + POSTS + " posts × " + NETWORKS.size()
                        + " networks)",
                Bench.ms(wallMs),
                Bench.ms(floor.millis()) + " floor",
                Bench.ratio(wallMs / floor.millis()),
                "floor = max over accounts and limits of (⌈calls ÷ limit⌉ − 1) × window; binding: " + floor.why());
        report.row(
                section,
                "Posts on the fakes: Facebook / Instagram / Bluesky / Mastodon",
                perNetwork[0] + " / " + perNetwork[1] + " / " + perNetwork[2] + " / " + perNetwork[3],
                POSTS + " each",
                "–",
                "exactly " + perAccount + " on each of the " + SCHOOLS * NETWORKS.size() + " accounts; "
                        + retries.size() + " of the " + expected + " publications needed a second try");
        report.row(
                section,
                "Rate-limit answers the fakes gave: Graph (code 32 / 9) / Bluesky 429 / Mastodon 429",
                graphRefusals + " / " + blueskyRefusals + " / " + mastodonRefusals,
                "–",
                "–",
                refusals == 0
                        ? "no limit was reached: Staffroom published more slowly than they allow ("
                                + String.format(Locale.ROOT, "%.1f", expected / (wallMs / 1000))
                                + " publications/s); " + requests + " requests in all"
                        : "each waited until the network's stated reset; " + requests + " requests in all");
    }

    // ------------------------------------------------------------------ the limits and their floor

    /** Scales every limit of {@code fake}: windows ÷ {@link #WINDOW_DIVISOR}, counts ÷ {@link #COUNT_DIVISOR} rounded up. */
    private static void scale(LoopbackApi fake) {
        for (LoopbackApi.Limit l : fake.limits().values()) {
            if (l.count() <= 0) continue;
            fake.limit(
                    l.name(),
                    (l.count() + COUNT_DIVISOR - 1) / COUNT_DIVISOR,
                    l.window().dividedBy(WINDOW_DIVISOR));
        }
    }

    record Floor(double millis, String why) {}

    /**
     * The least wall time the limits allow, whatever the client does: a limit of {@code n} units per
     * fixed window that opens with the first unit lets {@code d} units through in {@code ⌈d ÷ n⌉}
     * windows, the last opening {@code (⌈d ÷ n⌉ − 1) × window} after the first. Every account starts
     * together, so the floor is the largest of those over every limit of every account. The units one
     * post with one photo costs are the adapters' fewest calls, with no retry: Facebook a photo upload, a
     * feed post and a permalink read (3 Page calls); Instagram a container, a publish and a permalink
     * read (3 requests, 1 published post); Bluesky createSession, uploadBlob and createRecord (3
     * requests, 1 session, {@link FakeBluesky#CREATE_POINTS} points); Mastodon a media upload and a
     * status (2 requests, 1 upload).
     */
    static Floor floor(List<Accounts> accounts, int posts) {
        Map<String, Integer> graph =
                Map.of(LoopbackApi.REQUESTS, 6 * posts, FakeGraph.PAGE_CALLS, 3 * posts, FakeGraph.IG_PUBLISHES, posts);
        Map<String, Integer> bluesky = Map.of(
                LoopbackApi.REQUESTS,
                3 * posts,
                FakeBluesky.SESSIONS,
                posts,
                FakeBluesky.SESSIONS_DAILY,
                posts,
                FakeBluesky.POINTS_HOURLY,
                FakeBluesky.CREATE_POINTS * posts,
                FakeBluesky.POINTS_DAILY,
                FakeBluesky.CREATE_POINTS * posts);
        Map<String, Integer> mastodon =
                Map.of(LoopbackApi.REQUESTS, 2 * posts, FakeMastodon.MEDIA_UPLOADS, posts, FakeMastodon.DELETES, 0);
        Duration worst = Duration.ZERO;
        String why = "no limit is reached";
        for (Accounts a : accounts) {
            for (LoopbackApi f : a.fakes()) {
                Map<String, Integer> demand = f == a.graph() ? graph : f == a.bluesky() ? bluesky : mastodon;
                for (LoopbackApi.Limit l : f.limits().values()) {
                    int d = demand.getOrDefault(l.name(), 0);
                    if (l.count() <= 0 || d <= l.count()) continue;
                    Duration wait = l.window().multipliedBy((d + l.count() - 1) / l.count() - 1);
                    if (wait.compareTo(worst) > 0) {
                        worst = wait;
                        why = String.format(
                                Locale.ROOT,
                                "%s %s, %d per %s for %d → (⌈%d ÷ %d⌉ − 1) × %s",
                                f.getClass().getSimpleName(),
                                l.name(),
                                l.count(),
                                seconds(l.window()),
                                d,
                                d,
                                l.count(),
                                seconds(l.window()));
                    }
                }
            }
        }
        return new Floor(worst.toMillis(), why);
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    private static String limitsOf(Accounts a) {
        List<String> out = new ArrayList<>();
        for (LoopbackApi f : a.fakes()) {
            for (LoopbackApi.Limit l : f.limits().values())
                out.add(f.getClass().getSimpleName() + " " + l.name() + " " + l.count() + "/" + seconds(l.window()));
        }
        return String.join("; ", out);
    }

    // ------------------------------------------------------------------ setting up

    /** Each school's four accounts, at its fakes, in schools.yml. */
    private static void connect(Path config, List<Accounts> accounts, int port) throws IOException {
        Path schools = config.resolve("schools.yml");
        String yml = Files.readString(schools);
        for (Accounts a : accounts) {
            String school = "  - id: " + a.school().id() + "\n";
            String block = school
                    + """
                        publishing:
                          accounts:
                            - { network: facebook, account: "%s", base-url: "%s", token-env: BENCH_GRAPH_TOKEN }
                            - { network: instagram, account: "%s", base-url: "%s", token-env: BENCH_GRAPH_TOKEN }
                            - { network: bluesky, account: "%s", base-url: "%s", token-env: BENCH_BSKY_PASSWORD }
                            - { network: mastodon, account: "%s", base-url: "%s", token-env: BENCH_MASTODON_TOKEN }
                    """.formatted(
                                    Accounts.pageId(a.school()),
                                    a.graph().baseUrl(),
                                    Accounts.igUserId(a.school()),
                                    a.graph().baseUrl(),
                                    Accounts.handle(a.school()),
                                    a.bluesky().baseUrl(),
                                    a.school().id(),
                                    a.mastodon().baseUrl());
            if (!yml.contains(school)) throw new IllegalStateException("no " + school + " in schools.yml");
            yml = yml.replace(school, block);
        }
        Files.writeString(schools, yml);
        // Instagram fetches each photo from Staffroom's public address.
        Path trust = config.resolve("trust.yml");
        Files.writeString(
                trust,
                Files.readString(trust)
                        .replace("base-url: http://localhost:8080", "base-url: http://127.0.0.1:" + port));
    }

    /** A draft written as approved, and its school. */
    private record Approved(long draft, String school) {}

    /** Writes the approved drafts, schools in turn, each with one photo on disk. */
    private static List<Approved> seed(JdbcClient jdbc, BenchTrust trust, Path files) {
        byte[] jpeg = TestPhotos.plainJpeg(64, 48);
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        List<Approved> out = new ArrayList<>();
        for (int i = 0; i < POSTS; i++) {
            BenchTrust.School s = trust.schools().get(i % SCHOOLS);
            String text = String.format(
                    Locale.ROOT,
                    "Post %d from %s: our pupils planted bulbs in the school garden today. #GardenClub",
                    i + 1,
                    s.shortName());
            GeneratedKeyHolder keys = new GeneratedKeyHolder();
            jdbc.sql("""
                    insert into draft (school_id, target, author_key, author_name, author_user, source, state, revision,
                        created_at, updated_at, approved_at, lock_version)
                    values (?, 'SCHOOL', ?, ?, ?, 'COMMAND', 'APPROVED', 1, ?, ?, ?, 0)""")
                    .params(
                            s.id(),
                            "bench-" + s.slackPoster(1),
                            s.posterName(1),
                            "slack:" + BenchTrust.TEAM + ":" + s.slackPoster(1),
                            now,
                            now,
                            now)
                    .update(keys, "id");
            long draft = keys.getKey().longValue();
            String publicId = HexFormat.of().formatHex(randomBytes(16));
            String fileName = publicId + ".jpg";
            try {
                Files.write(files.resolve(fileName), jpeg);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            GeneratedKeyHolder imageKeys = new GeneratedKeyHolder();
            jdbc.sql("""
                    insert into draft_image (draft_id, public_id, token, file_name, mime_type, width, height, size_bytes, created_at)
                    values (?, ?, ?, ?, 'image/jpeg', 64, 48, ?, ?)""")
                    .params(draft, publicId, HexFormat.of().formatHex(randomBytes(16)), fileName, jpeg.length, now)
                    .update(imageKeys, "id");
            jdbc.sql("""
                    insert into draft_revision (draft_id, number, text, networks, category, consent, image_ids,
                        findings, blocked, content_changed, created_at, created_by)
                    values (?, 1, ?, ?, 'EVENT', true, ?, '[]', false, true, ?, ?)""")
                    .params(
                            draft,
                            text,
                            String.join(",", NETWORKS),
                            String.valueOf(imageKeys.getKey().longValue()),
                            now,
                            s.posterName(1))
                    .update();
            out.add(new Approved(draft, s.id()));
        }
        return out;
    }

    private static long published(JdbcClient jdbc) {
        // The outbox's states (V21): a publication that went out is PUBLISH, SENT.
        return jdbc.sql("select count(*) from publication where action = 'PUBLISH' and state = 'SENT'")
                .query(Long.class)
                .single();
    }

    /** Publications that gave up (failed, cancelled): the run cannot finish. */
    private static long stopped(JdbcClient jdbc) {
        return jdbc.sql("select count(*) from publication where state in ('FAILED', 'CANCELLED')")
                .query(Long.class)
                .single();
    }

    private static int total(List<Accounts> accounts, ToIntFunction<Accounts> f) {
        return accounts.stream().mapToInt(f).sum();
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        ThreadLocalRandom.current().nextBytes(b);
        return b;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
