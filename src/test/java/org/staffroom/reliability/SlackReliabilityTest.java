package org.staffroom.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.staffroom.slack.SlackTrust.*;

import com.google.gson.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;
import org.staffroom.approvals.ReviewRequest;
import org.staffroom.approvals.Reviews;
import org.staffroom.chat.Chat;
import org.staffroom.chat.ChatEvent;
import org.staffroom.chat.Connectors;
import org.staffroom.chat.InboundEvents;
import org.staffroom.chat.MessageRef;
import org.staffroom.chat.spi.ConnectorStatus;
import org.staffroom.config.Approvals;
import org.staffroom.config.Platform;
import org.staffroom.directory.Directory;
import org.staffroom.slack.SlackProbe;
import org.staffroom.slack.SlackTrust;
import org.staffroom.testing.StaffroomTest;
import org.staffroom.testing.slack.ConnectionInfo;
import org.staffroom.testing.slack.Envelope;
import org.staffroom.testing.slack.FakeSlack;
import org.staffroom.testing.slack.FakeUser;
import org.staffroom.testing.slack.RecordedCall;

/**
 * The Slack scenarios of src/site/markdown/reliability.md (R1–R8, P1) through the real Bolt app in Socket Mode,
 * connected to the loopback {@link FakeSlack}, with faults injected by the fake: retries of one
 * envelope, re-sent reactions, a stalled downstream, events nobody handles, disconnect storms,
 * half-open sockets, a rate-limited connect, failing listeners, a burst of mixed load. Each test
 * asserts the expected behaviour and reports its figure through {@link Figures}.
 */
@StaffroomTest
@Import({SlackReliabilityTest.Wiring.class, ReliabilityWiring.class})
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class SlackReliabilityTest {

    static final String LIAM = "U0LIAMON01";
    static final String DAN = "U0DANWHI01";
    static final String OAKFIELD_PD = "C0OAKPD0001";
    static final String RIVERSIDE_PD = "C0RIVPD0001";
    static final String RIVERSIDE_REVIEW = "C0RIVREVW01";
    static final List<String> CHANNELS = List.of(OAKFIELD_STAFFROOM, RIVERSIDE_STAFFROOM, OAKFIELD_PD, RIVERSIDE_PD);

    static final FakeSlack SLACK = SlackTrust.fake()
            .user(FakeUser.of(LIAM, "liam", "Liam O'Neill"))
            .user(FakeUser.of(DAN, "dan", "Dan Whitfield"))
            .channel(OAKFIELD_PD, "oakfield-pd")
            .channel(RIVERSIDE_PD, "riverside-pd")
            .channel(RIVERSIDE_REVIEW, "riverside-review")
            .channel("C0OAKQOTD01", "oakfield-qotd")
            .channel("C0RIVQOTD01", "riverside-qotd")
            .channel("C0NWTREVW1", "trust-review")
            .channel("C0DSTNYC01", "dst-nyc-qotd")
            .channel("C0DSTLON01", "dst-lon-qotd")
            .channel("C0DSTMAD01", "dst-mad-qotd")
            .channel("C0DSTSYD01", "dst-syd-qotd")
            .start();
    /** The sample trust plus four schools in four time zones (R19), in a folder the tests may edit (S4). */
    static final java.nio.file.Path CONFIG = GeneratedTrust.withClockChangeSchools();

    @DynamicPropertySource
    static void slack(DynamicPropertyRegistry r) {
        SlackTrust.socketMode(r, SLACK, "300ms");
        r.add("staffroom.slack.watchdog-interval", () -> "1s");
        r.add("staffroom.slack.restart-after", () -> "4s");
        r.add("staffroom.config-dir", CONFIG::toString);
    }

    @TestConfiguration
    static class Wiring {
        @Bean(destroyMethod = "close")
        FakeSlack fakeSlack() {
            return SLACK;
        }

        @Bean
        SlackTrust.Recorder recorder(Directory directory) {
            return new SlackTrust.Recorder(directory);
        }
    }

    @Autowired
    ApplicationContext app;

    @Autowired
    SlackTrust.Recorder recorder;

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

    @Autowired
    org.staffroom.testing.MutableClock clock;

    @Autowired
    org.staffroom.chat.Ticker ticker;

    @Autowired
    org.staffroom.config.TrustConfig trustConfig;

    @LocalServerPort
    int port;

    @BeforeEach
    void connected() {
        await().atMost(Duration.ofSeconds(30))
                .until(() -> status().state() == ConnectorStatus.State.UP && SLACK.openConnections() >= 1);
    }

    @AfterEach
    void clearFaults() {
        SLACK.clearFaults();
        SLACK.loseAcks(false);
        SLACK.retryUnackedAfter(null, 3);
    }

    // ------------------------------------------------------------------ R1, R2: duplicates

    /** R1: Slack sends one envelope four times (retry_attempt 0..3): every one acked, one effect. */
    @Test
    void r1TheSameEnvelopeFourTimesHasOneEffect() {
        JsonObject event = SLACK.payloads().message(OAKFIELD_STAFFROOM, BEN, "Phonics games that work #phonics (R1)");
        JsonObject callback = SLACK.payloads().eventCallback(event);
        List<Envelope> deliveries = new ArrayList<>();
        for (int attempt = 0; attempt <= 3; attempt++) {
            deliveries.add(SLACK.push("events_api", callback, attempt, attempt == 0 ? "" : "http_timeout"));
        }
        deliveries.forEach(e -> e.awaitAck(WAIT));
        settle();

        String key = "posted:" + ref(OAKFIELD_STAFFROOM, ts(event)).key();
        int effectsSeen = effects.count(key);
        long acked = deliveries.stream().filter(Envelope::acked).count();
        Figures.report(
                "R1",
                "deliveries",
                deliveries.size(),
                "acked",
                acked + "/" + deliveries.size(),
                "effects",
                effectsSeen,
                "duplicate_effects",
                effectsSeen - 1);
        assertThat(acked).isEqualTo(4);
        assertThat(effectsSeen).isEqualTo(1);
        assertThat(jdbc.sql("select count(*) from pdchat_tag_post where message_id = ?")
                        .param(ts(event))
                        .query(Long.class)
                        .single())
                .as("indexed once")
                .isEqualTo(1);
    }

    /** R2: the same ✅ on a review card again under a new event id, no retry header: no second vote. */
    @Test
    void r2AReactionResentWithANewEventIdIsNotASecondVote() {
        long review = openReview("oakfield", "r2");
        String card = cardTs(review);
        Envelope first = push(SLACK.payloads().reactionAdded(AMARA, "white_check_mark", OAKFIELD_REVIEW, card));
        await().atMost(WAIT).until(() -> decisions(review) == 1);
        Envelope again = SLACK.pushWithNewEventId(first.id());
        Envelope andAgain = SLACK.pushWithNewEventId(first.id());
        again.awaitAck(WAIT);
        andAgain.awaitAck(WAIT);
        settle();
        List<Envelope> deliveries = List.of(first, again, andAgain);

        int effectsSeen =
                effects.count("reaction:" + ref(OAKFIELD_REVIEW, card).key() + ":slack:" + TEAM + ":" + AMARA + ":✅");
        Figures.report(
                "R2",
                "deliveries",
                deliveries.size(),
                "acked",
                deliveries.stream().filter(Envelope::acked).count() + "/" + deliveries.size(),
                "votes",
                votes(review),
                "transitions",
                decisions(review),
                "duplicate_effects",
                effectsSeen - 1);
        assertThat(effectsSeen).isEqualTo(1);
        assertThat(votes(review)).isEqualTo(1);
        assertThat(decisions(review)).isEqualTo(1);
    }

    // ------------------------------------------------------------------ R3, R4: acks

    /**
     * R3: the features' database writes stall for 5 s while events arrive at 20 a second: the
     * acknowledgements do not wait for them (work is handed off), so Slack retries nothing.
     */
    @Test
    void r3AStalledDownstreamDoesNotDelayAcknowledgements() throws Exception {
        SLACK.retryUnackedAfter(Duration.ofSeconds(3), 3);
        Instant stallEnds = Instant.now().plusSeconds(5);
        effects.stallUntil(stallEnds);
        int rate = 20;
        int count = rate * 5;
        List<Envelope> sent = paced(
                count,
                rate,
                i -> SLACK.payloads()
                        .message(CHANNELS.get(i % CHANNELS.size()), i % 2 == 0 ? BEN : DAN, "[slow] R3 event " + i));
        sent.forEach(e -> e.awaitAck(WAIT));
        List<Duration> acks =
                sent.stream().map(e -> e.ackLatency().orElseThrow()).toList();
        long retries = SLACK.envelopes().stream()
                .filter(e -> e.redeliveryOf() != null)
                .filter(e -> sent.stream().anyMatch(s -> s.id().equals(e.redeliveryOf())))
                .count();
        await().atMost(Duration.ofSeconds(40)).until(() -> inbound.backlog() == 0);

        Figures.report(
                "R3",
                "rate",
                rate + "/s",
                "events",
                count,
                "stall",
                "5s",
                "ack_p50",
                Figures.percentile(acks, 50),
                "ack_p99",
                Figures.percentile(acks, 99),
                "ack_max",
                Figures.percentile(acks, 100),
                "retries_caused",
                retries);
        assertThat(Figures.percentile(acks, 99)).isLessThan(Duration.ofSeconds(3));
        assertThat(retries).isZero();
        assertThat(sent)
                .allSatisfy(e -> assertThat(effects.count("posted:"
                                + ref(
                                                e.payload()
                                                        .getAsJsonObject("event")
                                                        .get("channel")
                                                        .getAsString(),
                                                e.payload()
                                                        .getAsJsonObject("event")
                                                        .get("ts")
                                                        .getAsString())
                                        .key()))
                        .isEqualTo(1));
    }

    /** R4: events of subscribed kinds that no listener handles (message subtypes, others) are acked, not 404. */
    @Test
    void r4EventsWithoutAHandlerAreAcknowledged() {
        SLACK.retryUnackedAfter(Duration.ofSeconds(3), 3);
        List<JsonObject> unhandled = List.of(
                subtype("channel_join", OAKFIELD_STAFFROOM, DAN),
                subtype("channel_topic", OAKFIELD_STAFFROOM, BEN),
                subtype("pinned_item", RIVERSIDE_STAFFROOM, CHLOE),
                event("member_joined_channel", OAKFIELD_STAFFROOM, DAN),
                event("channel_rename", OAKFIELD_STAFFROOM, null),
                event("tokens_revoked", null, null));
        List<Envelope> sent = unhandled.stream().map(SLACK::pushEvent).toList();
        sent.forEach(e -> e.awaitAck(WAIT));
        long retries = SLACK.envelopes().stream()
                .filter(e -> sent.stream().anyMatch(s -> s.id().equals(e.redeliveryOf())))
                .count();

        Figures.report(
                "R4",
                "kinds",
                sent.size(),
                "acked",
                sent.stream().filter(Envelope::acked).count() + "/" + sent.size(),
                "retries_caused",
                retries);
        assertThat(sent).allMatch(Envelope::acked);
        assertThat(retries).isZero();
    }

    // ------------------------------------------------------------------ R5, R6: connections

    /**
     * R5: Slack sends {@code disconnect} again and again while events flow: a new socket each time,
     * nothing lost, nothing doubled. Short: every 1 s ×8 (full: every 10 s for 10 min, 60 times).
     */
    @Test
    void r5DisconnectStormsLoseAndDoubleNothing() throws Exception {
        int every = Scale.of(1000, 10_000);
        int times = Scale.of(8, 60);
        int announcedBefore = SlackProbe.reconnects(app);
        int connectionsBefore = SLACK.connectCount();
        List<Instant> disconnects = new ArrayList<>();
        List<Envelope> sent = new ArrayList<>();
        ScheduledExecutorService load = Executors.newSingleThreadScheduledExecutor();
        int[] n = {0};
        load.scheduleAtFixedRate(
                () -> {
                    synchronized (sent) {
                        int i = n[0]++;
                        sent.add(SLACK.pushEvent(
                                SLACK.payloads().message(CHANNELS.get(i % CHANNELS.size()), BEN, "R5 event " + i)));
                    }
                },
                0,
                200,
                TimeUnit.MILLISECONDS);
        try {
            for (int i = 0; i < times; i++) {
                Thread.sleep(every);
                disconnects.add(Instant.now());
                SLACK.sendDisconnect("refresh_requested", Duration.ofSeconds(1));
                SLACK.awaitConnection(connectionsBefore + i + 1, Duration.ofSeconds(15));
            }
        } finally {
            load.shutdown();
            load.awaitTermination(5, TimeUnit.SECONDS);
        }
        List<Envelope> all;
        synchronized (sent) {
            all = List.copyOf(sent);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> all.stream().allMatch(e -> handled(e) >= 1));
        await().atMost(WAIT).until(() -> inbound.backlog() == 0);

        List<ConnectionInfo> connections = SLACK.connections();
        List<Duration> reconnect = new ArrayList<>();
        for (Instant d : disconnects) {
            connections.stream()
                    .map(ConnectionInfo::openedAt)
                    .filter(o -> o.isAfter(d))
                    .min(Instant::compareTo)
                    .ifPresent(o -> reconnect.add(Duration.between(d, o)));
        }
        long lost = all.stream().filter(e -> handled(e) == 0).count();
        long doubled = all.stream().filter(e -> handled(e) > 1).count();
        int announced = SlackProbe.reconnects(app) - announcedBefore;
        Figures.report(
                "R5",
                "scale",
                Scale.name() + "(every_" + every + "ms_x" + times + ")",
                "disconnects",
                times,
                "new_sockets",
                SLACK.connectCount() - connectionsBefore,
                "events",
                all.size(),
                "reconnect_p50",
                Figures.percentile(reconnect, 50),
                "reconnect_p99",
                Figures.percentile(reconnect, 99),
                "lost",
                lost,
                "doubled",
                doubled,
                "reconciliations",
                announced);
        assertThat(lost).isZero();
        assertThat(doubled).isZero();
        assertThat(SLACK.connectCount() - connectionsBefore).isGreaterThanOrEqualTo(times);
        assertThat(announced)
                .as("every new socket is announced for reconciliation")
                .isGreaterThanOrEqualTo(times);
    }

    /**
     * R6 and reconciliation after a reconnect: the socket goes half-open (no frames, no pongs). It is
     * detected, health reports Slack DOWN meanwhile, a new socket is opened; an approver's ✅ given on
     * Slack while the bot heard nothing is read back from the card and counted, once.
     */
    @Test
    void r6AHalfOpenSocketIsDetectedAndWhatWasMissedIsReconciledOnce() {
        long review = openReview("oakfield", "r6");
        String card = cardTs(review);
        int announcedBefore = SlackProbe.reconnects(app);
        int connectionsBefore = SLACK.connectCount();

        assertThat(slackHealth()).isEqualTo("UP");
        // What /actuator/health says about Slack, sampled while the socket is silent.
        java.util.Set<String> healthSeen = java.util.concurrent.ConcurrentHashMap.newKeySet();
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        sampler.scheduleWithFixedDelay(() -> healthSeen.add(slackHealth()), 0, 100, TimeUnit.MILLISECONDS);
        Instant silent = Instant.now();
        SLACK.halfOpen();
        // Slack has the reaction; the event never reaches the bot (it gave up retrying a dead socket).
        SLACK.addReaction(OAKFIELD_REVIEW, card, "white_check_mark", AMARA);
        Duration detection;
        Duration recovered;
        try {
            await().atMost(Duration.ofSeconds(20))
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> status().state() == ConnectorStatus.State.DOWN);
            detection = Duration.between(silent, Instant.now());
            SLACK.awaitConnection(connectionsBefore + 1, Duration.ofSeconds(30));
            await().atMost(Duration.ofSeconds(20)).until(() -> status().state() == ConnectorStatus.State.UP);
            recovered = Duration.between(silent, Instant.now());
        } finally {
            sampler.shutdownNow();
        }
        boolean healthDown = healthSeen.contains("DOWN");
        await().atMost(Duration.ofSeconds(20)).until(() -> decisions(review) == 1);

        // Another reconnect reads the same card again: nothing changes.
        int connections = SLACK.connectCount();
        SLACK.sendDisconnect("refresh_requested", Duration.ofMillis(500));
        SLACK.awaitConnection(connections + 1, Duration.ofSeconds(15));
        await().atMost(WAIT).until(() -> SlackProbe.reconnects(app) >= announcedBefore + 2);
        settle();

        Figures.report(
                "R6",
                "detection",
                detection,
                "health_down_meanwhile",
                healthDown,
                "recovered_after",
                recovered,
                "missed_votes_reconciled",
                votes(review) + "/1",
                "transitions",
                decisions(review));
        assertThat(detection).isLessThan(Duration.ofSeconds(10));
        assertThat(healthDown).isTrue();
        assertThat(votes(review)).isEqualTo(1);
        assertThat(decisions(review)).isEqualTo(1);
        assertThat(jdbc.sql("select via from review_vote where review_id = ?")
                        .param(review)
                        .query(String.class)
                        .single())
                .isEqualTo("REACTION");
    }

    /**
     * R7: Slack answers apps.connections.open with 429 twenty times. The client backs off with
     * jitter, doubling up to the longest wait: at most 6 attempts in any minute. Time-scaled 1/100
     * (first wait 20 ms, longest 600 ms, "minute" 600 ms) on a second connection of the same app;
     * the real schedule (2 s doubling to 60 s) is computed from the same backoff function.
     */
    @Test
    void r7ARateLimitedConnectBacksOffWithJitter() throws Exception {
        int refusals = 20;
        int before = SLACK.callCount("apps.connections.open");
        SLACK.rateLimitNext("apps.connections.open", refusals, 1);
        AutoCloseable second = SlackProbe.startSocketMode(app, Duration.ofMillis(20), Duration.ofMillis(600));
        try {
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> SLACK.calls("apps.connections.open").stream()
                                    .skip(before)
                                    .filter(c -> c.status() == 200)
                                    .count()
                            >= 1);
        } finally {
            second.close();
        }
        // The stopped client leaves no socket behind, even one Bolt finished opening after the stop.
        await().atMost(Duration.ofSeconds(10)).until(() -> SLACK.openConnections() == 1);
        List<RecordedCall> all =
                SLACK.calls("apps.connections.open").stream().skip(before).toList();
        // Attempts: every refused call and the first that succeeded (Bolt then asks once more for its socket URL).
        int firstOk = 0;
        while (firstOk < all.size() && all.get(firstOk).status() != 200) firstOk++;
        List<RecordedCall> calls = all.subList(0, Math.min(all.size(), firstOk + 1));
        List<Instant> times = calls.stream().map(RecordedCall::receivedAt).toList();
        int perScaledMinute = maxInWindow(times, Duration.ofMillis(600));
        long minGapMs = Long.MAX_VALUE;
        for (int i = 1; i < times.size(); i++)
            minGapMs = Math.min(
                    minGapMs, Duration.between(times.get(i - 1), times.get(i)).toMillis());

        // The same backoff at real settings: attempts in the first minute, and the longest wait.
        List<Instant> real = new ArrayList<>();
        Instant t = Instant.EPOCH;
        real.add(t);
        for (int attempt = 1; attempt <= refusals; attempt++) {
            t = t.plus(SlackProbe.backoff(Duration.ofSeconds(2), Duration.ofSeconds(60), attempt));
            real.add(t);
        }
        int realPerMinute = maxInWindow(real, Duration.ofMinutes(1));

        Figures.report(
                "R7",
                "refusals",
                refusals,
                "scale",
                "1/100",
                "open_calls",
                calls.size(),
                "open_calls_per_scaled_min_max",
                perScaledMinute,
                "min_gap_scaled",
                minGapMs + "ms",
                "open_calls_per_min_at_real_settings",
                realPerMinute,
                "time_to_connect_real",
                Duration.between(Instant.EPOCH, t));
        assertThat(calls.stream().filter(c -> c.status() == 429).count()).isEqualTo(refusals);
        assertThat(perScaledMinute).isLessThanOrEqualTo(6);
        assertThat(realPerMinute).isLessThanOrEqualTo(6);
        assertThat(minGapMs).as("no tight loop").isGreaterThanOrEqualTo(10);
    }

    // ------------------------------------------------------------------ R8: failures

    /**
     * R8: a feature throws while handling an event; the others still handle it and later events
     * flow. Recording an event fails once (the database refuses): no ack, Slack retries, handled
     * once. And a client left silent while Slack refuses new connections is replaced by the
     * watchdog: time to recover.
     */
    @Test
    void r8FailuresInListenersAndASilentClientAreRecoveredFrom() throws Exception {
        // A feature throws: the others still see the event; the next event is handled too.
        JsonObject boom = SLACK.payloads().message(OAKFIELD_STAFFROOM, BEN, "[boom] #phonics R8");
        push(boom);
        JsonObject after = SLACK.payloads().message(OAKFIELD_STAFFROOM, BEN, "after the failure R8");
        push(after);
        settle();
        boolean othersHandledIt =
                !recorder.events(ChatEvent.MessagePosted.class, m -> at(m.message(), OAKFIELD_STAFFROOM, ts(boom)))
                                .isEmpty()
                        && jdbc.sql("select count(*) from pdchat_tag_post where message_id = ?")
                                        .param(ts(boom))
                                        .query(Long.class)
                                        .single()
                                == 1;
        boolean nextHandled =
                effects.count("posted:" + ref(OAKFIELD_STAFFROOM, ts(after)).key()) == 1;
        String state = jdbc.sql("select state from inbound_event where content_key = ?")
                .param("posted:" + ref(OAKFIELD_STAFFROOM, ts(boom)).key())
                .query(String.class)
                .single();

        // Recording fails once: Bolt's listener throws, no ack; Slack's retry is recorded and handled once.
        SLACK.retryUnackedAfter(Duration.ofSeconds(1), 3);
        JsonObject refused = SLACK.payloads().message(RIVERSIDE_STAFFROOM, DAN, "refused once R8");
        String refusedKey = "posted:" + ref(RIVERSIDE_STAFFROOM, ts(refused)).key();
        FailingInserts.failNext(jdbc, refusedKey);
        Instant pushed = Instant.now();
        Envelope first = SLACK.pushEvent(refused);
        Envelope retried = SLACK.awaitAckedRedelivery(first.id(), Duration.ofSeconds(15));
        Duration recordRecovery =
                Duration.between(pushed, retried.ack().orElseThrow().receivedAt());
        settle();
        FailingInserts.remove(jdbc);

        // A silent socket while Slack refuses new connections: Bolt's own reconnect fails; the watchdog
        // replaces the client once the connection stayed unhealthy for restart-after (4 s).
        int connections = SLACK.connectCount();
        SLACK.errorNext("apps.connections.open", 2, "internal_error");
        Instant silent = Instant.now();
        SLACK.halfOpen();
        SLACK.awaitConnection(connections + 1, Duration.ofSeconds(40));
        await().atMost(Duration.ofSeconds(20)).until(() -> status().state() == ConnectorStatus.State.UP);
        Duration clientRecovery = Duration.between(silent, Instant.now());
        JsonObject later = SLACK.payloads().message(OAKFIELD_STAFFROOM, BEN, "after the new client R8");
        push(later);
        settle();

        Figures.report(
                "R8",
                "feature_failure_others_handled",
                othersHandledIt,
                "next_event_handled",
                nextHandled,
                "failed_event_state",
                state,
                "record_failure_recovered_after",
                recordRecovery,
                "record_failure_effects",
                effects.count(refusedKey),
                "silent_client_recovered_after",
                clientRecovery);
        assertThat(othersHandledIt).isTrue();
        assertThat(nextHandled).isTrue();
        // The failure is not only a log line: the event is FAILED (tried again later for that feature alone).
        assertThat(state).isEqualTo("FAILED");
        assertThat(first.acked()).isFalse();
        assertThat(effects.count(refusedKey)).isEqualTo(1);
        assertThat(effects.count("posted:" + ref(OAKFIELD_STAFFROOM, ts(later)).key()))
                .isEqualTo(1);
        assertThat(clientRecovery).isLessThan(Duration.ofSeconds(40));
    }

    // ------------------------------------------------------------------ R19: clock changes

    /**
     * R19: the question of the day (08:15 local) in four schools whose clocks change on different
     * days (New York 14 March 2027, London and Madrid 28 March, Sydney 4 April), on the school days
     * either side of each change. Ticks every quarter of an hour around each due time: each school
     * gets one post a day, never before 08:15 local and at the first tick from it.
     */
    @Test
    void r19ClockChangesInFourTimeZonesKeepLocalTimes() {
        List<java.time.LocalDate> days = List.of(
                java.time.LocalDate.of(2027, 3, 12),
                java.time.LocalDate.of(2027, 3, 15),
                java.time.LocalDate.of(2027, 3, 26),
                java.time.LocalDate.of(2027, 3, 29),
                java.time.LocalDate.of(2027, 4, 2),
                java.time.LocalDate.of(2027, 4, 5));
        java.time.LocalTime at = java.time.LocalTime.of(8, 15);
        int ticks = 0;
        try {
            for (java.time.LocalDate day : days) {
                java.util.TreeSet<Instant> slots = new java.util.TreeSet<>();
                for (String[] zc : GeneratedTrust.DST_SCHOOLS.values()) {
                    Instant due = java.time.ZonedDateTime.of(day, at, java.time.ZoneId.of(zc[0]))
                            .toInstant();
                    for (int q = -2; q <= 1; q++) slots.add(due.plus(Duration.ofMinutes(15L * q)));
                }
                for (Instant slot : slots) {
                    clock.set(slot);
                    ticker.tickNow();
                    ticks++;
                }
                assertThat(chat.awaitDelivered(Duration.ofSeconds(20))).isTrue();
            }
        } finally {
            clock.set(org.staffroom.testing.TestClockConfiguration.START);
        }
        int perDayMax = 0;
        int missing = 0;
        List<String> offTime = new ArrayList<>();
        for (java.util.Map.Entry<String, String[]> school : GeneratedTrust.DST_SCHOOLS.entrySet()) {
            java.time.ZoneId zone = java.time.ZoneId.of(school.getValue()[0]);
            for (java.time.LocalDate day : days) {
                String key = "qotd:" + day + ":" + school.getKey();
                long posts = SLACK.messages(school.getValue()[1]).stream()
                        .filter(m -> m.metadata() != null
                                && key.equals(m.metadataPayload().get("key").getAsString()))
                        .count();
                perDayMax = (int) Math.max(perDayMax, posts);
                if (posts == 0) missing++;
                jdbc.sql("select claimed_at from qotd_post where claim_key = ?")
                        .param(key)
                        .query((rs, n) ->
                                rs.getObject(1, java.time.OffsetDateTime.class).toInstant())
                        .optional()
                        .map(t -> t.atZone(zone).toLocalTime())
                        .filter(local -> !local.equals(at))
                        .ifPresent(local -> offTime.add(key + " at " + local));
            }
        }
        Figures.report(
                "R19",
                "zones",
                "New_York,London,Madrid,Sydney",
                "days",
                days.size(),
                "ticks",
                ticks,
                "occurrences_per_school_per_day_max",
                perDayMax,
                "missing",
                missing,
                "posted_at_local",
                offTime.isEmpty() ? "08:15" : offTime);
        assertThat(perDayMax).isEqualTo(1);
        assertThat(missing).isZero();
        assertThat(offTime).isEmpty();
    }

    // ------------------------------------------------------------------ R20, S3, S4: decisions

    /**
     * R20 through Bolt: on one review card, within 50 ms, Amara approves twice (a double click), Liam
     * submits his rejection's reason form and a Senior Leadership member reacts ✅. Exactly one
     * decision; the three others are told it was already decided.
     */
    @Test
    void r20ApproveRejectDoubleClickAndReactionAtOnceDecideOnce() throws Exception {
        long review = openReview("oakfield", "r20");
        String card = cardTs(review);
        String value = review + ":1";
        SLACK.pushInteractive(SLACK.payloads()
                        .blockActions(LIAM, "approvals.reject")
                        .blockId("staffroom.actions.0")
                        .value(value)
                        .onMessage(OAKFIELD_REVIEW, card)
                        .build())
                .awaitAck(WAIT);
        org.staffroom.testing.slack.StoredView form = await().atMost(WAIT)
                .until(
                        () -> SLACK.views().stream()
                                .filter(v -> "approvals.reject".equals(v.callbackId()))
                                .reduce((a, b) -> b),
                        Optional::isPresent)
                .orElseThrow();
        int answersBefore = alreadyDecidedAnswers();

        JsonObject approve = SLACK.payloads()
                .blockActions(AMARA, "approvals.approve")
                .blockId("staffroom.actions.0")
                .value(value)
                .onMessage(OAKFIELD_REVIEW, card)
                .build();
        JsonObject approveAgain = SLACK.payloads()
                .blockActions(AMARA, "approvals.approve")
                .blockId("staffroom.actions.0")
                .value(value)
                .onMessage(OAKFIELD_REVIEW, card)
                .build();
        JsonObject reject = SLACK.payloads()
                .viewSubmission(LIAM, "approvals.reject")
                .of(form)
                .plainText("reason", "reason", "Not this week, please.")
                .build();
        JsonObject tick = SLACK.payloads().reactionAdded(NEW_SLT, "white_check_mark", OAKFIELD_REVIEW, card);
        long start = System.nanoTime();
        List<Envelope> all = List.of(
                SLACK.pushInteractive(approve),
                SLACK.pushInteractive(approveAgain),
                SLACK.pushInteractive(reject),
                SLACK.pushEvent(tick));
        Duration spread = Duration.ofNanos(System.nanoTime() - start);
        all.forEach(e -> e.awaitAck(WAIT));
        settle();
        await().atMost(WAIT).until(() -> alreadyDecidedAnswers() - answersBefore >= 3);
        String state = jdbc.sql("select state from review where id = ?")
                .param(review)
                .query(String.class)
                .single();

        Figures.report(
                "R20",
                "actions",
                all.size(),
                "within",
                spread,
                "transitions",
                decisions(review),
                "outcome",
                state,
                "told_already_decided",
                alreadyDecidedAnswers() - answersBefore);
        assertThat(spread).isLessThan(Duration.ofMillis(50));
        assertThat(decisions(review)).isEqualTo(1);
        assertThat(state).isIn("APPROVED", "REJECTED");
        assertThat(alreadyDecidedAnswers() - answersBefore).isEqualTo(3);
    }

    /**
     * S3: ✅ from a teacher, from another school's approver, from the author and from the bot itself
     * change nothing and (but the bot's own, which is not even an event) are audited as denied. S4:
     * an approver whose role is removed from people.yml after the card went out is refused at the
     * moment he presses the button.
     */
    @Test
    void s3s4TheWrongPeopleChangeNothingEvenRightAfterLosingTheRole() throws Exception {
        long review = openReview("oakfield", "s3");
        String card = cardTs(review);
        List<String> reactors = List.of(DAN, CHLOE, BEN, SLACK.botUserId());
        for (String who : reactors) {
            push(SLACK.payloads().reactionAdded(who, "white_check_mark", OAKFIELD_REVIEW, card));
        }
        settle();
        long deniedS3 = denied(review);
        long botAudited = jdbc.sql("select count(*) from review_audit where review_id = ? and actor_key like ?")
                .param(review)
                .param("%" + SLACK.botUserId())
                .query(Long.class)
                .single();
        long transitionsS3 = decisions(review);

        long rolesAtClick;
        java.nio.file.Path people = CONFIG.resolve("people.yml");
        String original = java.nio.file.Files.readString(people);
        String withoutLiam = original.replace(
                "    roles: [approver@oakfield]            # deputy head",
                "    roles: []                             # deputy head");
        assertThat(withoutLiam).isNotEqualTo(original);
        try {
            java.nio.file.Files.writeString(people, withoutLiam);
            assertThat(trustConfig.reload()).isTrue();
            rolesAtClick = trustConfig.get().people().stream()
                    .filter(p -> p.accounts().stream().anyMatch(a -> LIAM.equals(a.userId())))
                    .mapToLong(p -> p.roles().size())
                    .sum();
            Envelope press = SLACK.pushInteractive(SLACK.payloads()
                    .blockActions(LIAM, "approvals.approve")
                    .blockId("staffroom.actions.0")
                    .value(review + ":1")
                    .onMessage(OAKFIELD_REVIEW, card)
                    .build());
            press.awaitAck(WAIT);
            settle();
        } finally {
            java.nio.file.Files.writeString(people, original);
            trustConfig.reload();
        }
        await().atMost(WAIT)
                .until(() -> SLACK.responseUrlPosts().stream()
                        .anyMatch(p -> p.text() != null
                                && p.text().startsWith("Only ")
                                && p.text().contains("your decision was not counted")));

        Figures.report(
                "S3",
                "attempts",
                reactors.size(),
                "votes",
                votes(review),
                "unauthorised_transitions",
                transitionsS3,
                "audited_denied",
                deniedS3 + "/" + (reactors.size() - 1),
                "bot_own_reaction_audited",
                botAudited);
        Figures.report(
                "S4",
                "clicker_roles_at_click",
                rolesAtClick,
                "unauthorised_transitions",
                decisions(review),
                "audited_denied",
                (denied(review) - deniedS3) + "/1");
        assertThat(votes(review)).isZero();
        assertThat(decisions(review)).isZero();
        assertThat(deniedS3).isEqualTo(3);
        assertThat(botAudited).as("the bot's own reaction is not even an event").isZero();
        assertThat(rolesAtClick).as("the role was gone before the click").isZero();
        assertThat(denied(review) - deniedS3).isEqualTo(1);
    }

    // ------------------------------------------------------------------ S6, S8: drafts through Bolt

    /**
     * S6 and S8 through Bolt: /draft opens the form as a Slack modal; a draft with a link reaches the
     * approvers' channel with link previews off; a draft naming a pupil on the no-consent list is
     * blocked before any approver sees it, and audited without the name.
     */
    @Test
    void s6s8ADraftWithALinkAndADraftNamingANoConsentPupil() {
        String link = "Our trip report is up: https://example.org/trips/2026?utm=x";
        long withLink = submitDraft(BEN, link);
        await().atMost(WAIT)
                .until(() -> SLACK.messages(OAKFIELD_REVIEW).stream()
                        .anyMatch(m -> m.text() != null && m.text().contains("example.org/trips")));
        RecordedCall card = SLACK.calls("chat.postMessage").stream()
                .filter(c -> OAKFIELD_REVIEW.equals(c.param("channel"))
                        && c.param("text") != null
                        && c.param("text").contains("example.org/trips"))
                .findFirst()
                .orElseThrow();
        int cardsBefore = (int) SLACK.messages(OAKFIELD_REVIEW).stream()
                .filter(m -> m.botId() != null)
                .count();

        long named = submitDraft(BEN, "Well done Zoe Adebayo for the poem!");
        settle();
        String state = jdbc.sql("select state from draft where id = ?")
                .param(named)
                .query(String.class)
                .single();
        int cardsAfter = (int) SLACK.messages(OAKFIELD_REVIEW).stream()
                .filter(m -> m.botId() != null)
                .count();
        String csv = app.getBean(org.staffroom.drafts.DraftAudit.class).csv(named);
        String audit = String.valueOf(app.getBean(org.staffroom.drafts.DraftAudit.class).entries(named).stream()
                .filter(e -> e.action().equals("BLOCKED"))
                .count());
        boolean nameInAudit = csv.contains("Adebayo");

        Figures.report(
                "S6",
                "draft",
                withLink,
                "unfurl_links",
                card.param("unfurl_links"),
                "unfurl_media",
                card.param("unfurl_media"));
        Figures.report(
                "S8",
                "draft",
                named,
                "state",
                state,
                "cards_to_approvers",
                cardsAfter - cardsBefore,
                "blocked",
                ("BLOCKED".equals(state) ? 1 : 0) + "/1",
                "audited_blocked",
                audit,
                "name_in_audit",
                nameInAudit);
        assertThat(card.param("unfurl_links")).isIn("false", "0");
        assertThat(card.param("unfurl_media")).isIn("false", "0");
        assertThat(state).isEqualTo("BLOCKED");
        assertThat(cardsAfter).isEqualTo(cardsBefore);
        assertThat(audit).isEqualTo("1");
        assertThat(nameInAudit).isFalse();
    }

    /** /draft in Oakfield's staffroom, the form filled in as Slack sends it; returns the draft's id. */
    private long submitDraft(String user, String text) {
        long before = jdbc.sql("select coalesce(max(id), 0) from draft")
                .query(Long.class)
                .single();
        int views = SLACK.views().size();
        SLACK.pushSlashCommand(SLACK.payloads().slashCommand("/draft", "", user, OAKFIELD_STAFFROOM))
                .awaitAck(WAIT);
        await().atMost(WAIT).until(() -> SLACK.views().size() > views);
        org.staffroom.testing.slack.StoredView form =
                SLACK.views().get(SLACK.views().size() - 1);
        java.util.Map<String, String> networks = new java.util.LinkedHashMap<>();
        networks.put("facebook", "Facebook");
        SLACK.pushInteractive(SLACK.payloads()
                        .viewSubmission(user, form.callbackId())
                        .of(form)
                        .plainText("text", "text", text)
                        .staticSelect("target", "target", "school", "Oakfield")
                        .multiStaticSelect("networks", "networks", networks)
                        .staticSelect("category", "category", "event", "Event")
                        .build())
                .awaitAck(WAIT);
        await().atMost(WAIT)
                .until(() -> jdbc.sql("select coalesce(max(id), 0) from draft")
                                .query(Long.class)
                                .single()
                        > before);
        settle();
        return jdbc.sql("select max(id) from draft").query(Long.class).single();
    }

    private int alreadyDecidedAnswers() {
        long viaUrl = SLACK.responseUrlPosts().stream()
                .filter(p -> p.text() != null && p.text().contains("was already decided"))
                .count();
        long ephemeral = SLACK.ephemeralMessages().stream()
                .filter(m -> m.has("text") && m.get("text").getAsString().contains("was already decided"))
                .count();
        long dm = SLACK.botMessages().stream()
                .filter(m -> m.text() != null && m.text().contains("was already decided"))
                .count();
        return (int) (viaUrl + ephemeral + dm);
    }

    private long denied(long review) {
        return jdbc.sql("select count(*) from review_audit where review_id = ? and action = 'DENIED'")
                .param(review)
                .query(Long.class)
                .single();
    }

    // ------------------------------------------------------------------ P1: load

    /**
     * P1: mixed events (messages with hashtags, thread replies, reactions, slash commands) at 50 a
     * second. Acks p99 ≤ 300 ms, no retries, heap bounded. Short: 12 s (full: 5 min).
     */
    @Test
    void p1MixedLoadAtFiftyEventsASecond() throws Exception {
        SLACK.retryUnackedAfter(Duration.ofSeconds(3), 3);
        int rate = 50;
        int seconds = Scale.of(12, 300);
        long heapBefore = Figures.heapMb();
        JsonObject root = SLACK.payloads().message(OAKFIELD_STAFFROOM, BEN, "P1 thread root #maths");
        push(root);
        Instant start = Instant.now();
        List<Envelope> sent = paced(rate * seconds, rate, i -> {
            String channel = CHANNELS.get(i % CHANNELS.size());
            return switch (i % 20) {
                case 0 -> null; // a slash command, below
                case 1, 2, 3, 4 ->
                    SLACK.payloads().reactionAdded(i % 2 == 0 ? DAN : AMARA, "tada", OAKFIELD_STAFFROOM, ts(root));
                case 5, 6 -> SLACK.payloads().threadReply(OAKFIELD_STAFFROOM, DAN, "P1 reply " + i, ts(root));
                default ->
                    SLACK.payloads().message(channel, i % 3 == 0 ? BEN : DAN, "P1 message " + i + " #maths #reading");
            };
        });
        sent.forEach(e -> e.awaitAck(WAIT));
        Duration pushing = Duration.between(start, Instant.now());
        await().atMost(Duration.ofSeconds(60)).until(() -> inbound.backlog() == 0);
        Duration handled = Duration.between(start, Instant.now());
        long heapAfter = Figures.heapMb();
        List<Duration> acks =
                sent.stream().map(e -> e.ackLatency().orElseThrow()).toList();
        long retries = SLACK.envelopes().stream()
                .filter(e -> sent.stream().anyMatch(s -> s.id().equals(e.redeliveryOf())))
                .count();

        Figures.report(
                "P1",
                "scale",
                Scale.name() + "(" + seconds + "s)",
                "events",
                sent.size(),
                "events_per_s",
                String.format(java.util.Locale.ROOT, "%.1f", sent.size() / (pushing.toMillis() / 1000.0)),
                "handled_within",
                handled,
                "ack_p50",
                Figures.percentile(acks, 50),
                "ack_p99",
                Figures.percentile(acks, 99),
                "ack_max",
                Figures.percentile(acks, 100),
                "retries",
                retries,
                "heap_before_mb",
                heapBefore,
                "heap_after_mb",
                heapAfter);
        assertThat(Figures.percentile(acks, 99)).isLessThanOrEqualTo(Duration.ofMillis(300));
        assertThat(retries).isZero();
        assertThat(heapAfter - heapBefore).as("heap growth, MB").isLessThan(256);
    }

    // ------------------------------------------------------------------ helpers

    private ConnectorStatus status() {
        return connectors.statuses().get(Platform.SLACK);
    }

    @Autowired
    org.staffroom.web.LoginLinks loginLinks;

    private String adminCookie;

    /** The Slack component of /actuator/health as an admin sees it (answered 503 while something is down). */
    private String slackHealth() {
        JsonObject health = adminHealth();
        if (!health.has("components")) {
            // The test clock outran the session's lifetime: sign in again.
            adminCookie = null;
            health = adminHealth();
        }
        return health.getAsJsonObject("components")
                .getAsJsonObject("platforms")
                .getAsJsonObject("components")
                .getAsJsonObject("slack")
                .get("status")
                .getAsString();
    }

    private JsonObject adminHealth() {
        if (adminCookie == null) adminCookie = org.staffroom.testing.AdminSession.cookie(port, loginLinks);
        String body = RestClient.create("http://localhost:" + port)
                .get()
                .uri("/actuator/health")
                .header("Cookie", adminCookie)
                .exchange((req, res) ->
                        new String(res.getBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
        return com.google.gson.JsonParser.parseString(body).getAsJsonObject();
    }

    private void settle() {
        await().atMost(Duration.ofSeconds(20)).until(() -> inbound.backlog() == 0);
        assertThat(chat.awaitDelivered(Duration.ofSeconds(20))).isTrue();
    }

    private static Envelope push(JsonObject event) {
        Envelope e = SLACK.pushEvent(event);
        e.awaitAck(WAIT);
        return e;
    }

    private int handled(Envelope e) {
        JsonObject ev = e.payload().getAsJsonObject("event");
        return effects.count("posted:"
                + ref(ev.get("channel").getAsString(), ev.get("ts").getAsString())
                        .key());
    }

    /** Pushes {@code count} events at {@code perSecond}; a null event from the generator is a slash command. */
    private static List<Envelope> paced(int count, int perSecond, java.util.function.IntFunction<JsonObject> events)
            throws InterruptedException {
        List<Envelope> out = new ArrayList<>(count);
        long start = System.nanoTime();
        long gap = 1_000_000_000L / perSecond;
        for (int i = 0; i < count; i++) {
            long due = start + i * gap;
            long wait = due - System.nanoTime();
            if (wait > 0) TimeUnit.NANOSECONDS.sleep(wait);
            JsonObject event = events.apply(i);
            out.add(
                    event == null
                            ? SLACK.pushSlashCommand(
                                    SLACK.payloads().slashCommand("/staffroom", "help", BEN, OAKFIELD_STAFFROOM))
                            : SLACK.pushEvent(event));
        }
        return out;
    }

    private static int maxInWindow(List<Instant> times, Duration window) {
        int max = 0;
        for (int i = 0; i < times.size(); i++) {
            int n = 0;
            for (int j = i;
                    j < times.size() && times.get(j).isBefore(times.get(i).plus(window));
                    j++) n++;
            max = Math.max(max, n);
        }
        return max;
    }

    private static JsonObject subtype(String subtype, String channel, String user) {
        JsonObject m = SLACK.payloads().message(channel, user, "<@" + user + "> did something (" + subtype + ")");
        m.addProperty("subtype", subtype);
        return m;
    }

    private static JsonObject event(String type, String channel, String user) {
        JsonObject e = new JsonObject();
        e.addProperty("type", type);
        if (channel != null) e.addProperty("channel", channel);
        if (user != null) e.addProperty("user", user);
        e.addProperty(
                "event_ts",
                String.format(java.util.Locale.ROOT, "%d.%06d", Instant.now().getEpochSecond(), 1));
        return e;
    }

    static MessageRef ref(String channel, String ts) {
        return new MessageRef(new org.staffroom.chat.ChannelRef(Platform.SLACK, TEAM, channel), ts, null);
    }

    private static String ts(JsonObject event) {
        return event.get("ts").getAsString();
    }

    /** Opens a review of a test subject at {@code school}; its card goes to the school's review channel. */
    private long openReview(String school, String subject) {
        long id = reviews.open(new ReviewRequest(
                ReliabilityWiring.SUBJECT,
                subject + "-" + UUID.randomUUID().toString().substring(0, 6),
                school,
                Approvals.Target.SCHOOL,
                "ben-hughes",
                "Ben Hughes"));
        assertThat(chat.awaitDelivered(WAIT)).isTrue();
        return id;
    }

    private String cardTs(long review) {
        String key = jdbc.sql("select delivery_key from review_card where review_id = ?")
                .param(review)
                .query(String.class)
                .single();
        Optional<org.staffroom.chat.Delivery> d = chat.delivery(key);
        assertThat(d).get().matches(org.staffroom.chat.Delivery::sent);
        return d.get().message().id();
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
}
