package org.staffroom.publishing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.staffroom.testing.Sample.*;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;
import org.staffroom.chat.Chat;
import org.staffroom.chat.Ticker;
import org.staffroom.drafts.PostApproved;
import org.staffroom.testing.MutableClock;
import org.staffroom.testing.SampleConfig;
import org.staffroom.testing.SandboxClient;
import org.staffroom.testing.SandboxClient.Seen;
import org.staffroom.testing.StaffroomTest;
import org.staffroom.testing.TestClockConfiguration;
import org.staffroom.testing.networks.FakeBluesky;
import org.staffroom.testing.networks.FakeGraph;
import org.staffroom.testing.networks.FakeMastodon;

/**
 * A backlog after downtime: more posts due at once than one batch of a pass takes ({@link Publisher#PER_ACCOUNT} per
 * account) all go out on the first tick back, not one batch per tick; and a pass that runs for its budget
 * ({@code staffroom.publishing.pass-budget}, 10 s here; each post takes a second of the injected clock) takes the
 * accounts in turns, so a network with a long backlog does not hold back the others, and hands the rest on at once
 * to the publishing thread, which drains it without waiting for the next tick; an account that answers "too many
 * requests" waits for a later pass instead of being asked again for each of its posts, while the others go on.
 * Every post reaches every network exactly once.
 *
 * <p>The first post is drafted and approved through the sandbox; the backlog's others are copies of it approved
 * through the application's own {@link PostApproved} event, which schedules them as an approval on a card does
 * (drafting ~80 posts one by one through the sandbox took minutes and is not what is tested here).
 */
@StaffroomTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PublishingBacklogTest {

    static final Duration WAIT = Duration.ofSeconds(30);
    static final Path CONFIG = SampleConfig.copy("publishing-backlog");
    static final Path FILES = SampleConfig.folder("publishing-backlog-files");
    static final OakfieldNetworks NETWORKS = OakfieldNetworks.connect("bl", CONFIG);
    static final PublishingEndToEndTest.FollowingClock CLOCK = NETWORKS.clock();
    static final FakeGraph GRAPH = NETWORKS.graph();
    static final FakeBluesky BLUESKY = NETWORKS.bluesky();
    static final FakeMastodon MASTODON = NETWORKS.mastodon();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("staffroom.config-dir", CONFIG::toString);
        registry.add("staffroom.files.dir", FILES::toString);
        registry.add("staffroom.publishing.pass-budget", () -> "10s");
        NETWORKS.register(registry);
    }

    @LocalServerPort
    int port;

    @Autowired
    MutableClock clock;

    @Autowired
    Ticker ticker;

    @Autowired
    Chat chat;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Publisher publisher;

    @Autowired
    ApplicationEventPublisher events;

    @Autowired
    TransactionTemplate tx;

    /** The draft made and approved through the sandbox, which the backlog's others copy. */
    static long template;

    SandboxClient sandbox;

    /** The number of the last draft made here, so an answer is never read twice. */
    static long lastDraft;

    @BeforeEach
    void setUp() {
        sandbox = new SandboxClient(port);
        CLOCK.target = clock;
        publisher.afterAnswer = p -> {};
    }

    @AfterAll
    static void stop() {
        NETWORKS.close();
        SampleConfig.delete(CONFIG, FILES);
    }

    @Test
    @Order(1)
    void aBacklogLargerThanABatchAllGoesOutOnTheFirstTickBack() {
        clock.set(TestClockConfiguration.START);
        // 45 posts for Facebook and Mastodon, the first 25 of them for Bluesky too: 115 publications, due Friday
        // 27 November at Oakfield's 16:00. The first is drafted and approved in the sandbox, the others copy it.
        int posts = 45;
        int toBluesky = 25;
        List<Long> ids = new ArrayList<>();
        template = approvedText(
                "Class 0 visits the museum on Friday", List.of("facebook", "bluesky", "mastodon"), "2026-11-27");
        ids.add(template);
        for (int i = 1; i < posts; i++)
            ids.add(approvedCopy(
                    "Class " + i + " visits the museum on Friday",
                    i < toBluesky ? List.of("facebook", "bluesky", "mastodon") : List.of("facebook", "mastodon"),
                    "2026-11-27"));
        long due = count("state = 'PENDING'");
        assertThat(due).isEqualTo(2L * posts + toBluesky).isGreaterThan(4L * Publisher.PER_ACCOUNT);

        // Staffroom was down from before 16:00 until 19:00: the first tick back sends the lot.
        clock.set(Instant.parse("2026-11-27T19:00:00Z"));
        ticker.tickNow();
        assertThat(count("action = 'PUBLISH' and state = 'SENT'")).isEqualTo(due);
        assertThat(GRAPH.pagePostsCreated()).isEqualTo(posts);
        assertThat(MASTODON.created()).isEqualTo(posts);
        assertThat(BLUESKY.created()).isEqualTo(toBluesky);
        System.out.printf(
                "Backlog after downtime: %d of %d publications out on the first tick back (batches of %d per "
                        + "account); Facebook %d, Bluesky %d, Mastodon %d posts%n",
                count("action = 'PUBLISH' and state = 'SENT'"),
                due,
                Publisher.PER_ACCOUNT,
                GRAPH.pagePostsCreated(),
                BLUESKY.created(),
                MASTODON.created());
        settle();
    }

    @Test
    @Order(2)
    void aPassBoundedByItsBudgetTakesTheNetworksInTurnsAndTheRestFollowsAtOnce() {
        int fb = GRAPH.pagePostsCreated();
        int bsky = BLUESKY.created();
        int masto = MASTODON.created();
        clock.set(Instant.parse("2026-11-28T08:00:00Z"));
        // Facebook's backlog is older (its rows come first by id); Bluesky and Mastodon have a few each.
        int facebookOnly = 20;
        int both = 4;
        for (int i = 0; i < facebookOnly; i++)
            approvedCopy("Facebook only, post " + i + ", for Monday", List.of("facebook"), "2026-11-30");
        for (int i = 0; i < both; i++)
            approvedCopy(
                    "Bluesky and Mastodon, post " + i + ", for Monday", List.of("bluesky", "mastodon"), "2026-11-30");
        long due = count("state = 'PENDING'");
        assertThat(due).isEqualTo(facebookOnly + 2L * both);

        // Each network call takes a second of the clock the pass is measured by; what this pass (this thread) sent
        // is noted apart from what the publishing thread sends after it.
        Thread tick = Thread.currentThread();
        List<String> sentByThePass = java.util.Collections.synchronizedList(new ArrayList<>());
        publisher.afterAnswer = p -> {
            if (Thread.currentThread() == tick) sentByThePass.add(p.network());
            clock.set(clock.instant().plusSeconds(1));
        };
        clock.set(Instant.parse("2026-11-30T16:00:00Z"));
        int firstPass = publisher.runDue(); // what a tick does
        Map<String, Long> first = sentByThePass.stream()
                .collect(java.util.stream.Collectors.groupingBy(n -> n, java.util.stream.Collectors.counting()));
        assertThat(firstPass).as("the pass stops at its budget").isEqualTo(10).isEqualTo(sentByThePass.size());
        assertThat(first.getOrDefault("bluesky", 0L))
                .as("Bluesky has its turns although Facebook's backlog is older")
                .isGreaterThanOrEqualTo(3);
        assertThat(first.getOrDefault("mastodon", 0L)).as("so has Mastodon").isGreaterThanOrEqualTo(3);

        // The rest goes on at once on the publishing thread, with no tick.
        await().atMost(WAIT).until(() -> count("action = 'PUBLISH' and state = 'SENT'") == 115 + due);
        assertThat(GRAPH.pagePostsCreated() - fb).isEqualTo(facebookOnly);
        assertThat(BLUESKY.created() - bsky).isEqualTo(both);
        assertThat(MASTODON.created() - masto).isEqualTo(both);
        System.out.printf(
                "A pass of 10 s at 1 s per post: %d publications (Facebook %d, Bluesky %d, Mastodon %d) of %d due; "
                        + "the rest followed without a tick: Facebook %d, Bluesky %d, Mastodon %d in all%n",
                firstPass,
                first.getOrDefault("facebook", 0L),
                first.getOrDefault("bluesky", 0L),
                first.getOrDefault("mastodon", 0L),
                due,
                GRAPH.pagePostsCreated() - fb,
                BLUESKY.created() - bsky,
                MASTODON.created() - masto);
        publisher.afterAnswer = p -> {};
        settle();
    }

    @Test
    @Order(3)
    void anAccountThatAsksToSlowDownWaitsForTheNextPassWhileTheOthersGoOn() {
        int fb = GRAPH.pagePostsCreated();
        int masto = MASTODON.created();
        int refused = MASTODON.rateLimitedCount();
        clock.set(Instant.parse("2026-12-01T08:00:00Z"));
        int posts = 8;
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < posts; i++)
            ids.add(approvedCopy(
                    "Advent window " + i + " is open on Wednesday", List.of("facebook", "mastodon"), "2026-12-02"));
        // Mastodon takes 5 requests per 5 minutes from here on.
        MASTODON.limit(org.staffroom.testing.networks.LoopbackApi.REQUESTS, 5, Duration.ofMinutes(5));

        clock.set(Instant.parse("2026-12-02T16:00:00Z"));
        ticker.tickNow();
        int mastoFirst = MASTODON.created() - masto;
        int refusedFirst = MASTODON.rateLimitedCount() - refused;
        assertThat(GRAPH.pagePostsCreated() - fb)
                .as("Facebook is not held back")
                .isEqualTo(posts);
        assertThat(mastoFirst).isEqualTo(5);
        assertThat(refusedFirst)
                .as("one 'too many requests', then Mastodon's other posts wait for a later pass")
                .isEqualTo(1);
        assertThat(jdbc.sql("select count(*) from publication where network = 'mastodon' and state = 'PENDING'"
                                + " and next_attempt_at > ?")
                        .param(PublicationStore.utc(clock.instant()))
                        .query(Long.class)
                        .single())
                .as("waiting for a later pass")
                .isEqualTo(posts - mastoFirst);

        // After Mastodon's window the rest goes out, each once.
        clock.set(Instant.parse("2026-12-02T16:06:00Z"));
        ticker.tickNow();
        assertThat(MASTODON.created() - masto).isEqualTo(posts);
        assertThat(MASTODON.rateLimitedCount() - refused).isEqualTo(1);
        assertThat(GRAPH.pagePostsCreated() - fb).isEqualTo(posts);
        for (long id : ids)
            assertThat(jdbc.sql("select count(*) from publication where draft_id = ? and state = 'SENT'")
                            .param(id)
                            .query(Long.class)
                            .single())
                    .isEqualTo(2);
        System.out.printf(
                "Mastodon at 5 requests per 5 minutes, %d posts due with Facebook's: first pass Facebook %d, "
                        + "Mastodon %d with %d refusal; the rest after the window: Mastodon %d in all, %d refusal%n",
                posts,
                posts,
                mastoFirst,
                refusedFirst,
                MASTODON.created() - masto,
                MASTODON.rateLimitedCount() - refused);
        MASTODON.limit(org.staffroom.testing.networks.LoopbackApi.REQUESTS, 0, Duration.ofMinutes(5));
        settle();
    }

    // ------------------------------------------------------------------ helpers

    /** Ben drafts a text post for {@code networks} on {@code date}; Amara approves it on the card. */
    long approvedText(String text, List<String> networks, String date) {
        Map<String, List<String>> v = new LinkedHashMap<>();
        v.put("text", List.of(text));
        v.put("target", List.of("school"));
        v.put("networks", networks);
        v.put("category", List.of("event"));
        v.put("date", List.of(date));
        sandbox.command(BEN, OAKFIELD_STAFFROOM, "/draft");
        sandbox.submitForm(BEN, v);
        long id = await().atMost(WAIT)
                .until(
                        () -> PublishingEndToEndTest.draftId(
                                PublishingEndToEndTest.draftAnswer(sandbox, OAKFIELD_STAFFROOM)),
                        n -> n > lastDraft);
        lastDraft = id;
        settle();
        Seen card = sandbox.botMessages(AMARA, OAKFIELD_REVIEW).stream()
                .filter(x -> x.threadId() == null && !x.ephemeral() && x.contains("Draft #" + id + " "))
                .reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("no card for draft " + id));
        sandbox.press(AMARA, card, "approvals.approve");
        settle();
        return id;
    }

    /**
     * A copy of the sandbox draft with this text, networks and date, finally approved now: the approval's own event,
     * in a transaction as the decision's, schedules it for the networks.
     */
    long approvedCopy(String text, List<String> networks, String date) {
        Object now = PublicationStore.utc(clock.instant());
        long id = tx.execute(status -> {
            jdbc.sql("""
                            insert into draft (school_id, target, author_key, author_name, author_user, source, state,
                                revision, wanted_date, created_at, updated_at, approved_at, lock_version)
                            select school_id, target, author_key, author_name, author_user, source, 'APPROVED',
                                1, ?, ?, ?, ?, 0
                            from draft where id = ?""")
                    .params(java.time.LocalDate.parse(date), now, now, now, template)
                    .update();
            long copy = jdbc.sql("select max(id) from draft").query(Long.class).single();
            jdbc.sql("""
                            insert into draft_revision (draft_id, number, text, networks, category, consent,
                                wanted_date, image_ids, findings, blocked, content_changed, created_at, created_by)
                            select ?, 1, ?, ?, r.category, r.consent, ?, r.image_ids, r.findings, r.blocked,
                                r.content_changed, ?, r.created_by
                            from draft_revision r join draft d on d.id = r.draft_id and d.revision = r.number
                            where d.id = ?""")
                    .params(copy, text, String.join(",", networks), java.time.LocalDate.parse(date), now, template)
                    .update();
            String school = jdbc.sql("select school_id from draft where id = ?")
                    .param(copy)
                    .query(String.class)
                    .single();
            events.publishEvent(new PostApproved(copy, school, clock.instant()));
            return copy;
        });
        lastDraft = id;
        settle();
        return id;
    }

    long count(String where) {
        return jdbc.sql("select count(*) from publication where " + where)
                .query(Long.class)
                .single();
    }

    void settle() {
        assertThat(chat.awaitDelivered(WAIT)).isTrue();
    }
}
