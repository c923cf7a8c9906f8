package org.staffroom.pdchat;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.staffroom.chat.Actor;
import org.staffroom.chat.ChannelRef;
import org.staffroom.chat.Chat;
import org.staffroom.chat.ChatEvent;
import org.staffroom.chat.InboundEvents;
import org.staffroom.chat.MessageRef;
import org.staffroom.chat.Ticker;
import org.staffroom.chat.UserRef;
import org.staffroom.config.Platform;
import org.staffroom.slack.SlackTrust;
import org.staffroom.testing.MutableClock;
import org.staffroom.testing.slack.FakeSlack;

/**
 * Issue 21's PD-chat capture mix at the core, without a platform client in front: a live chat across
 * {@link #SCHOOLS} Slack schools on H2, and a burst of chat messages handed to {@link InboundEvents}
 * from two threads as fast as it takes them, while business time follows real time (so the relay's
 * buckets refill and it edits its rolling messages to the fake meanwhile). Prints the events handled
 * per second (measured, on whatever else the machine is doing) and checks every message was captured
 * once with a copy queued for each other school.
 */
class InboundCaptureRateTest {

    static final int SCHOOLS = 20;
    static final int WARMUP = 200;
    static final int EVENTS = Integer.getInteger("rate.events", 1000);

    static RelayTrust trust;
    static FakeSlack slack;
    static Path data;
    static ConfigurableApplicationContext app;

    @BeforeAll
    static void start() throws IOException {
        trust = new RelayTrust(SCHOOLS);
        slack = trust.slack();
        data = Files.createTempDirectory("staffroom-rate");
        app = trust.instance(
                "staffroom-rate",
                slack,
                "--spring.datasource.url=jdbc:h2:file:" + data.resolve("staffroom")
                        + ";DB_CLOSE_ON_EXIT=FALSE;QUERY_CACHE_SIZE=256");
    }

    @AfterAll
    static void stop() throws IOException {
        if (app != null) app.close();
        if (slack != null) slack.close();
        if (trust != null) trust.delete();
    }

    @Test
    void aBurstOfChatMessagesIsCapturedAndRelayedOnce() throws Exception {
        MutableClock clock = app.getBean(MutableClock.class);
        Instant opening = RelayTrust.START.atZone(ZoneId.of("Europe/London")).toInstant();
        clock.set(opening);
        app.getBean(Ticker.class).tickNow(); // the chat opens in every PD channel
        assertThat(app.getBean(Chat.class).awaitDelivered(Duration.ofSeconds(60)))
                .isTrue();

        Instant from = opening.plusSeconds(60);
        long t0 = System.nanoTime();
        burst(0, WARMUP, clock, from, t0);
        long laneCpu = inboxLaneCpuNanos();
        long start = System.nanoTime();
        burst(WARMUP, EVENTS, clock, from, t0);
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpuMsPerEvent = (inboxLaneCpuNanos() - laneCpu) / 1e6 / EVENTS;
        System.out.printf(
                "PD-chat capture mix at the core (H2, %d schools, %d events after %d to warm up; measured on a shared"
                        + " machine, under load): %.0f events/s handled (%.2f s); inbox lanes' CPU %.2f ms an event%n",
                SCHOOLS, EVENTS, WARMUP, EVENTS / seconds, seconds, cpuMsPerEvent);

        JdbcClient jdbc = app.getBean(JdbcClient.class);
        long captured = jdbc.sql("select count(*) from pdchat_message")
                .query(Long.class)
                .single();
        long copies = jdbc.sql("select count(*) from pdchat_relay_item")
                .query(Long.class)
                .single();
        assertThat(captured).isEqualTo(WARMUP + EVENTS);
        assertThat(copies).isEqualTo((long) (WARMUP + EVENTS) * (SCHOOLS - 1));
    }

    /** CPU time of the inbox's channel lanes so far (less swayed by other processes than wall time). */
    static long inboxLaneCpuNanos() {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (java.lang.management.ThreadInfo t : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (t == null || !t.getThreadName().startsWith("inbox-lane-")) continue;
            long cpu = threads.getThreadCpuTime(t.getThreadId());
            if (cpu > 0) sum += cpu;
        }
        return sum;
    }

    /** Hands in messages {@code from} .. {@code from + n - 1} from two threads and waits until all are handled. */
    static void burst(int from, int n, MutableClock clock, Instant chatFrom, long t0) throws Exception {
        InboundEvents inbound = app.getBean(InboundEvents.class);
        List<String> schools = trust.schools();
        AtomicInteger next = new AtomicInteger(from);
        List<CompletableFuture<Void>> handled = new java.util.concurrent.CopyOnWriteArrayList<>();
        Runnable sender = () -> {
            for (int i = next.getAndIncrement(); i < from + n; i = next.getAndIncrement()) {
                Instant now = chatFrom.plusNanos(System.nanoTime() - t0);
                clock.set(now);
                String school = schools.get(i % schools.size());
                UserRef user =
                        new UserRef(Platform.SLACK, SlackTrust.TEAM, String.format("U0RT%02d%04d", i % 20, i % 7));
                MessageRef message = new MessageRef(
                        new ChannelRef(Platform.SLACK, SlackTrust.TEAM, trust.pd.get(school)),
                        String.format("1765706500.%06d", i),
                        null);
                handled.add(inbound.accept(new ChatEvent.MessagePosted(
                                "EvRT" + i,
                                now,
                                Actor.of(user, "Teacher " + i % 7),
                                message,
                                "A1 rate " + i + " #RaceChat",
                                List.of(),
                                false))
                        .processed());
            }
        };
        CompletableFuture<Void> a = CompletableFuture.runAsync(sender);
        CompletableFuture<Void> b = CompletableFuture.runAsync(sender);
        CompletableFuture.allOf(a, b).get(5, TimeUnit.MINUTES);
        CompletableFuture.allOf(handled.toArray(CompletableFuture[]::new)).get(5, TimeUnit.MINUTES);
    }
}
