package org.staffroom.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.staffroom.discord.SampleDiscord.*;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.staffroom.approvals.ReviewRequest;
import org.staffroom.approvals.Reviews;
import org.staffroom.chat.ChannelRef;
import org.staffroom.chat.Chat;
import org.staffroom.chat.Connectors;
import org.staffroom.chat.Delivery;
import org.staffroom.chat.Destination;
import org.staffroom.chat.InboundEvents;
import org.staffroom.chat.Message;
import org.staffroom.chat.Rich;
import org.staffroom.chat.spi.ConnectorStatus;
import org.staffroom.config.Approvals;
import org.staffroom.config.Platform;
import org.staffroom.discord.DiscordProbe;
import org.staffroom.discord.SampleDiscord;
import org.staffroom.testing.MutableClock;
import org.staffroom.testing.StaffroomTest;
import org.staffroom.testing.discord.Dispatch;
import org.staffroom.testing.discord.FakeDiscord;
import org.staffroom.testing.discord.LiveDiscord;
import org.staffroom.testing.discord.RecordedCall;
import org.staffroom.testing.discord.RestFault;
import tools.jackson.databind.JsonNode;

/**
 * The Discord scenarios of src/site/markdown/reliability.md (R11–R14, S6) through the real JDA 6.5 client connected
 * to the loopback {@link FakeDiscord} holding the sample trust: resumed, recreated and zombie
 * gateway sessions (events replayed once, reactions missed meanwhile reconciled), a crash loop
 * against the IDENTIFY guard, route and global 429s, a 502 after the message was created.
 */
@StaffroomTest
@Import(ReliabilityWiring.class)
class DiscordReliabilityTest {

    static final FakeDiscord discord = SampleDiscord.start();

    @DynamicPropertySource
    static void discordProperties(DynamicPropertyRegistry registry) {
        LiveDiscord.properties(registry, discord);
    }

    @AfterAll
    static void closeFake() {
        discord.close();
    }

    @Autowired
    ApplicationContext app;

    @Autowired
    ReliabilityWiring.Effects effects;

    @Autowired
    Chat chat;

    @Autowired
    Connectors connectors;

    @Autowired
    InboundEvents inbound;

    @Autowired
    Reviews reviews;

    @Autowired
    JdbcClient jdbc;

    @BeforeEach
    void connected() {
        await().atMost(30, TimeUnit.SECONDS).until(() -> status().state() == ConnectorStatus.State.UP);
    }

    @AfterEach
    void clearFaults() {
        discord.clearFaults();
        discord.gateway().resumeHeartbeatAcks();
    }

    /**
     * R11: the gateway closes with 4000 (RESUME: what was sent meanwhile is replayed, once), stops
     * acknowledging heartbeats (a zombie connection: JDA notices after two missed ACKs and resumes),
     * and invalidates the session (INVALID_SESSION d:false: a new IDENTIFY, nothing replayed). A ✅
     * given on a review card in that last gap is read back from the card and counted, once.
     */
    @Test
    void r11ResumedZombieAndRecreatedSessionsLoseAndDoubleNothing() {
        long review = openReview("hillcrest");
        long card = Long.parseLong(cardId(review));
        discord.push(discord.events().reactionAdd(HILLCREST_REVIEW, card, GRACE, "✅"));
        await().atMost(15, TimeUnit.SECONDS).until(() -> votes(review) == 1);
        long resumedBefore = DiscordProbe.resumed(app);
        long recreatedBefore = DiscordProbe.recreated(app);
        int resumes = discord.gateway().resumeCount();
        int replayedBefore = discord.gateway().replayedCount();

        // Close 4000: JDA resumes; the message sent meanwhile is replayed, and handled once.
        discord.gateway().close(4000);
        Dispatch whileAway = discord.push(discord.events()
                .message(HILLCREST_STAFFROOM, HARRY, "sent during the resume (R11)")
                .build());
        await().atMost(15, TimeUnit.SECONDS).until(() -> discord.gateway().resumeCount() == resumes + 1);
        await().atMost(15, TimeUnit.SECONDS).until(() -> handled(whileAway) == 1);

        // Zombie: heartbeats go unanswered; JDA closes after two missed ACKs and resumes on a new connection.
        int connections = discord.gateway().connectionCount();
        Instant zombie = Instant.now();
        discord.gateway().stopHeartbeatAcks();
        await().atMost(30, TimeUnit.SECONDS)
                .pollInterval(Duration.ofMillis(50))
                .until(() -> discord.gateway().connectionCount() > connections);
        Duration zombieDetected = Duration.between(zombie, Instant.now());
        discord.gateway().resumeHeartbeatAcks();
        await().atMost(15, TimeUnit.SECONDS).until(() -> discord.gateway().resumeCount() >= resumes + 2);
        Dispatch afterZombie = discord.push(discord.events()
                .message(HILLCREST_STAFFROOM, HARRY, "after the zombie (R11)")
                .build());
        await().atMost(15, TimeUnit.SECONDS).until(() -> handled(afterZombie) == 1);

        // INVALID_SESSION d:false: a new session; Omar's ✅ given in the gap is never replayed.
        int identifies = discord.gateway().identifyCount();
        discord.gateway().invalidateSession(false);
        discord.happenWhileAway(discord.events().reactionAdd(HILLCREST_REVIEW, card, OMAR, "✅"));
        await().atMost(20, TimeUnit.SECONDS).until(() -> DiscordProbe.recreated(app) == recreatedBefore + 1);
        await().atMost(20, TimeUnit.SECONDS).until(() -> decisions(review) == 1);
        settle();

        long resumed = DiscordProbe.resumed(app) - resumedBefore;
        long recreated = DiscordProbe.recreated(app) - recreatedBefore;
        Figures.report(
                "R11",
                "resumed",
                resumed,
                "recreated",
                recreated,
                "replayed_dispatches",
                discord.gateway().replayedCount() - replayedBefore,
                "replayed_handled_once",
                handled(whileAway) == 1,
                "zombie_detected_after",
                zombieDetected,
                "missed_reaction_reconciled",
                votes(review) + "/2",
                "transitions",
                decisions(review));
        assertThat(resumed).isGreaterThanOrEqualTo(2);
        assertThat(recreated).isEqualTo(1);
        assertThat(discord.gateway().identifyCount()).isEqualTo(identifies + 1);
        assertThat(handled(whileAway)).isEqualTo(1);
        assertThat(handled(afterZombie)).isEqualTo(1);
        assertThat(votes(review)).isEqualTo(2);
        assertThat(decisions(review)).isEqualTo(1);
    }

    /**
     * R12: 50 crash-restarts of a whole Discord client (JDA against the fake), each a new process
     * started 10 s after the last died. The persisted guard lets the first ten IDENTIFYs of a day
     * through and then doubles the spacing up to 15 minutes: far fewer IDENTIFYs than restarts, and
     * a crash loop projected over a day stays far below Discord's 1,000. The guard's clock is
     * simulated (10 s between restarts); JDA, the gateway and the database are real.
     */
    /** The guard's cap in this scenario (an input, printed so the figure reads against it). */
    static final int DAILY_IDENTIFY_CAP = 900;

    /** Discord's published session-start limit: 1,000 IDENTIFYs per 24 hours (docs, "Gateway", session start limit). */
    static final int DISCORD_IDENTIFIES_PER_DAY = 1000;

    @Test
    void r12ACrashLoopCannotExhaustTheDailyIdentifyBudget() {
        DataSource db = freshDatabase();
        MutableClock clock = new MutableClock(Instant.parse("2026-11-25T07:00:00Z"));
        Duration delay = Duration.ofSeconds(5);
        DiscordProbe.Guard guard = DiscordProbe.guard(db, delay, DAILY_IDENTIFY_CAP, clock);
        int restarts = 50;
        int before = discord.gateway().identifyCount();
        int deferred = 0;
        for (int i = 0; i < restarts; i++) {
            if (i > 0) clock.advance(Duration.ofSeconds(10));
            int identifiesSoFar = discord.gateway().identifyCount();
            DiscordProbe.Process process = DiscordProbe.process(app, guard);
            process.start();
            try {
                await().atMost(15, TimeUnit.SECONDS)
                        .pollInterval(Duration.ofMillis(20))
                        .until(() -> discord.gateway().identifyCount() > identifiesSoFar
                                || process.status().detail().contains("before the next IDENTIFY"));
                if (process.status().detail().contains("before the next IDENTIFY")) deferred++;
            } finally {
                process.crash();
            }
        }
        int sent = discord.gateway().identifyCount() - before;
        long recorded = guard.usedToday();
        List<Instant> at = JdbcClient.create(db)
                .sql("select at from discord_identify order by at")
                .query((rs, n) ->
                        rs.getObject(1, java.time.OffsetDateTime.class).toInstant())
                .list();
        Duration minGap = minGap(at);

        // The same crash loop kept up for a whole day, at the guard (a restart every 10 s).
        Instant dayEnds = at.get(0).plus(Duration.ofHours(24));
        while (clock.instant().isBefore(dayEnds)) {
            Duration wait = guard.untilAllowed();
            long restartsToWait = Math.max(1, (wait.toMillis() + 9_999) / 10_000);
            clock.advance(Duration.ofSeconds(10 * restartsToWait));
            if (clock.instant().isBefore(dayEnds) && guard.untilAllowed().isZero()) guard.identify();
        }
        long perDay = JdbcClient.create(db)
                .sql("select count(*) from discord_identify where at < ?")
                .param(dayEnds.atOffset(java.time.ZoneOffset.UTC))
                .query(Long.class)
                .single();

        Figures.report(
                "R12",
                "crash_restarts",
                restarts,
                "identifies",
                sent,
                "deferred_by_guard",
                deferred,
                "min_spacing",
                minGap,
                "crash_loop_identifies_per_day",
                perDay,
                "daily_cap",
                DAILY_IDENTIFY_CAP,
                "discord_limit",
                DISCORD_IDENTIFIES_PER_DAY);
        assertThat(sent)
                .as("every IDENTIFY the guard allowed reached the gateway, and no other")
                .isEqualTo((int) recorded);
        assertThat(sent).isLessThan(restarts / 2);
        assertThat(minGap).isGreaterThanOrEqualTo(delay);
        assertThat(perDay).isLessThan(200);
    }

    /**
     * R13: Discord answers 429 with Retry-After, for one route and then globally, while posts go
     * to several channels. Nothing reaches a bucket (or anything, under the global limit) early;
     * every post arrives once.
     */
    @Test
    void r13RateLimitsAreWaitedOutAndNothingIsSentEarly() throws InterruptedException {
        discord.rateLimits().reset();
        String run = UUID.randomUUID().toString().substring(0, 6);
        List<String> keys = new ArrayList<>();

        // One route answers 429 with Retry-After: 1 s; the post to it waits, the others do not.
        discord.injectFault(
                "POST", "channels/" + SEVILLA_PD + "/messages", RestFault.rateLimited(Duration.ofSeconds(1)));
        post(keys, run, SEVILLA, SEVILLA_PD);
        post(keys, run, SEVILLA, SEVILLA_PD);
        post(keys, run, HILLCREST, HILLCREST_PD);
        assertThat(chat.awaitDelivered(Duration.ofSeconds(30))).isTrue();

        // A global 429: once the client has read it, nothing goes to any route until it is over.
        discord.injectFault(
                "POST",
                "channels/" + HILLCREST_STAFFROOM + "/messages",
                RestFault.globalRateLimited(Duration.ofSeconds(1)));
        post(keys, run, HILLCREST, HILLCREST_STAFFROOM);
        await().atMost(10, TimeUnit.SECONDS)
                .until(() -> discord.calls("POST", "channels/" + HILLCREST_STAFFROOM + "/messages").stream()
                        .anyMatch(c -> c.status() == 429));
        Thread.sleep(100); // the answer has reached the client; requests sent before it are in flight, not early
        for (long[] t : new long[][] {
            {HILLCREST, HILLCREST_PD}, {SEVILLA, SEVILLA_STAFFROOM}, {SEVILLA, SEVILLA_PD}, {HILLCREST, HILLCREST_QOTD}
        }) {
            post(keys, run, t[0], t[1]);
        }
        assertThat(chat.awaitDelivered(Duration.ofSeconds(30))).isTrue();

        long routeLimited = discord.calls("POST", "channels/" + SEVILLA_PD + "/messages").stream()
                .filter(c -> c.status() == 429)
                .count();
        long globalLimited = discord.calls("POST", "channels/" + HILLCREST_STAFFROOM + "/messages").stream()
                .filter(c -> c.status() == 429)
                .count();
        long sent = keys.stream()
                .filter(k -> chat.delivery(k).map(Delivery::sent).orElse(false))
                .count();
        long copies = keys.stream().mapToLong(k -> messagesWithNonce(k)).max().orElse(0);

        Figures.report(
                "R13",
                "route_429s",
                routeLimited,
                "global_429s",
                globalLimited,
                "early_requests",
                discord.rateLimits().earlyRequests().size(),
                "posts_delivered",
                sent + "/" + keys.size(),
                "messages_per_post_max",
                copies);
        assertThat(routeLimited).isEqualTo(1);
        assertThat(globalLimited).isEqualTo(1);
        assertThat(discord.rateLimits().earlyRequests())
                .as("%s", discord.rateLimits().violations())
                .isEmpty();
        assertThat(sent).isEqualTo(keys.size());
        assertThat(copies).isEqualTo(1);
    }

    private void post(List<String> keys, String run, long guild, long channel) {
        String key = "r13:" + run + ":" + keys.size();
        keys.add(key);
        chat.post(Destination.channel(channel(guild, channel)), Message.of("Rate limited post " + keys.size()), key);
    }

    /** R14: a 502 after Discord created the message: JDA retries with the same nonce; one message. */
    @Test
    void r14ABadGatewayAfterTheMessageWasCreatedLeavesOneMessage() {
        String key =
                "qotd:2026-11-25:hillcrest:r14:" + UUID.randomUUID().toString().substring(0, 6);
        discord.injectFault("POST", "channels/" + HILLCREST_QOTD + "/messages", RestFault.errorAfterCommit(502));
        chat.post(
                Destination.channel(channel(HILLCREST, HILLCREST_QOTD)), Message.of("Question of the day (R14)"), key);
        assertThat(chat.awaitDelivered(Duration.ofSeconds(30))).isTrue();

        String nonce = DiscordProbe.nonce(key);
        List<RecordedCall> attempts = discord.calls("POST", "channels/" + HILLCREST_QOTD + "/messages").stream()
                .filter(c -> nonce.equals(c.nonce()))
                .toList();
        long messages = messagesWithNonce(key);
        Figures.report(
                "R14",
                "attempts",
                attempts.size(),
                "statuses",
                attempts.stream().map(c -> String.valueOf(c.status())).toList(),
                "same_nonce",
                attempts.stream().map(RecordedCall::nonce).distinct().count() == 1,
                "messages_per_occurrence",
                messages);
        assertThat(attempts).extracting(RecordedCall::status).containsExactly(502, 200);
        assertThat(messages).isEqualTo(1);
        assertThat(chat.delivery(key)).get().matches(Delivery::sent);
    }

    /** S6 (Discord): a post with a URL goes out with link previews suppressed. */
    @Test
    void s6APostWithALinkIsSentWithPreviewsOff() {
        String key = "s6:" + UUID.randomUUID().toString().substring(0, 6);
        chat.post(
                Destination.channel(channel(SEVILLA, SEVILLA_REVIEW)),
                Message.of(Rich.of("Nuestra excursión: https://example.org/excursion?utm=1 y www.example.com")),
                key);
        assertThat(chat.awaitDelivered(Duration.ofSeconds(20))).isTrue();
        String nonce = DiscordProbe.nonce(key);
        JsonNode body = discord.calls("POST", "channels/" + SEVILLA_REVIEW + "/messages").stream()
                .filter(c -> nonce.equals(c.nonce()))
                .reduce((a, b) -> b)
                .orElseThrow()
                .body();
        int flags = body.has("flags") ? body.get("flags").asInt() : 0;
        boolean suppressed = (flags & 4) != 0;
        Figures.report(
                "S6.discord",
                "flags",
                flags,
                "suppress_embeds",
                suppressed,
                "allowed_mentions_parse",
                body.get("allowed_mentions").get("parse").size());
        assertThat(suppressed).isTrue();
    }

    // ------------------------------------------------------------------ helpers

    private ConnectorStatus status() {
        return connectors.statuses().get(Platform.DISCORD);
    }

    private void settle() {
        await().atMost(20, TimeUnit.SECONDS).until(() -> inbound.backlog() == 0);
        assertThat(chat.awaitDelivered(Duration.ofSeconds(20))).isTrue();
    }

    private int handled(Dispatch message) {
        long channelId = Long.parseLong(message.data().get("channel_id").asString());
        long guild = channelId == HILLCREST_STAFFROOM || channelId == HILLCREST_PD ? HILLCREST : SEVILLA;
        return effects.count("posted:" + channel(guild, channelId).key() + ":" + Long.toUnsignedString(message.id()));
    }

    private long messagesWithNonce(String key) {
        String nonce = DiscordProbe.nonce(key);
        return List.of(HILLCREST_STAFFROOM, HILLCREST_PD, HILLCREST_QOTD, SEVILLA_PD, SEVILLA_STAFFROOM, SEVILLA_REVIEW)
                .stream()
                .mapToLong(c -> discord.messages(c).stream()
                        .filter(m -> nonce.equals(m.nonce()))
                        .count())
                .sum();
    }

    private static ChannelRef channel(long guild, long channel) {
        return new ChannelRef(Platform.DISCORD, Long.toUnsignedString(guild), Long.toUnsignedString(channel));
    }

    private long openReview(String school) {
        long id = reviews.open(new ReviewRequest(
                ReliabilityWiring.SUBJECT,
                "d-" + UUID.randomUUID().toString().substring(0, 6),
                school,
                Approvals.Target.SCHOOL,
                "harry-jones",
                "Harry Jones"));
        assertThat(chat.awaitDelivered(Duration.ofSeconds(20))).isTrue();
        return id;
    }

    private String cardId(long review) {
        String key = jdbc.sql("select delivery_key from review_card where review_id = ?")
                .param(review)
                .query(String.class)
                .single();
        return chat.delivery(key).orElseThrow().message().id();
    }

    private long votes(long review) {
        return jdbc.sql("select count(*) from review_vote where review_id = ?")
                .param(review)
                .query(Long.class)
                .single();
    }

    private long decisions(long review) {
        return jdbc.sql("select count(*) from review_audit where review_id = ? and action = 'DECIDED'")
                .param(review)
                .query(Long.class)
                .single();
    }

    private static Duration minGap(List<Instant> times) {
        Duration min = Duration.ofDays(1);
        for (int i = 1; i < times.size(); i++) {
            Duration d = Duration.between(times.get(i - 1), times.get(i));
            if (d.compareTo(min) < 0) min = d;
        }
        return min;
    }

    /** A database of its own (the guard's simulated days must not touch the application's). */
    private static DataSource freshDatabase() {
        SimpleDriverDataSource ds = new SimpleDriverDataSource(
                new org.h2.Driver(), "jdbc:h2:mem:r12-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
        Flyway.configure()
                .dataSource(ds)
                .locations("classpath:db/migration")
                .load()
                .migrate();
        return ds;
    }
}
