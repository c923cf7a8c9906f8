package org.staffroom.bench;

import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import org.staffroom.config.Platform;
import org.staffroom.testing.discord.Dispatch;
import org.staffroom.testing.discord.FakeDiscord;
import org.staffroom.testing.slack.Envelope;
import org.staffroom.testing.slack.FakeSlack;

/**
 * Figure 1: inbound events per second through the real Bolt Socket Mode client and the real JDA
 * gateway client into the workflows (a live PD chat across 20 schools captures every message, with
 * its database writes, and queues its relay to the 19 other schools), against the same client with a
 * handler that only acknowledges, on a fake of the same shape, in the same run. Each side runs
 * {@link #RUNS} times (a fresh client, and a fresh Staffroom with its own database, each time) and the
 * median is compared, with the spread shown. The load generator sends pre-built payloads from
 * {@link #SENDERS} threads with no pause, and its own rate (envelopes written per second) is printed
 * beside each figure, so a baseline that only measured the generator would show.
 */
final class ThroughputBench {

    static final String SCENARIO = "throughput";
    static final Duration LIMIT = Duration.ofMinutes(5);
    /** Runs per side ({@code -Dbench.runs}); the issue asks for the median of at least five. */
    static final int RUNS = Integer.getInteger("bench.runs", 5);
    /** Concurrent sender threads of the load generator ({@code -Dbench.senders}). */
    static final int SENDERS = Integer.getInteger("bench.senders", 2);

    static final String SLACK_TARGET = "Inbound Slack events handled ≥ 0.5× bare Bolt (PD-chat capture mix)";
    static final String DISCORD_TARGET = "Inbound Discord events handled ≥ 0.5× bare JDA (PD-chat capture mix)";

    /**
     * One timed burst. {@code seconds} is push-to-last-event; {@code ackSeconds} push-to-last-ack (Slack);
     * {@code sendSeconds} how long the generator took to write them all (its own ceiling).
     */
    record Burst(String label, int events, double seconds, double ackSeconds, double sendSeconds) {
        double perSecond() {
            return events / seconds;
        }

        double generatorPerSecond() {
            return events / sendSeconds;
        }
    }

    /** The runs of one side: median and spread of the handled rate and of the generator's rate. */
    record Runs(List<Burst> bursts) {
        double median() {
            return Bench.median(bursts.stream().map(Burst::perSecond).toList());
        }

        String spread() {
            return Bench.num(min(Burst::perSecond), 0) + "–" + Bench.num(max(Burst::perSecond), 0);
        }

        double generatorMedian() {
            return Bench.median(bursts.stream().map(Burst::generatorPerSecond).toList());
        }

        double min(java.util.function.ToDoubleFunction<Burst> f) {
            return bursts.stream().mapToDouble(f).min().orElse(Double.NaN);
        }

        double max(java.util.function.ToDoubleFunction<Burst> f) {
            return bursts.stream().mapToDouble(f).max().orElse(Double.NaN);
        }

        String figure() {
            return Bench.num(median(), 0) + " (" + spread() + ")";
        }
    }

    private final Report report;
    private final BenchTrust trust = BenchTrust.liveChat(10, 10, 5);
    private final int events = Bench.scaled(3000);
    private final int warmup = Bench.scaled(500);

    ThroughputBench(Report report) {
        this.report = report;
    }

    void run() throws Exception {
        Bench.raw(
                SCENARIO,
                "trust: " + trust + "; burst " + events + " events after " + warmup + " to warm up; " + RUNS
                        + " runs per side; " + SENDERS + " sender threads");
        List<Burst> bareSlack = new ArrayList<>();
        List<Burst> bareDiscord = new ArrayList<>();
        List<Burst> slack = new ArrayList<>();
        List<Burst> discord = new ArrayList<>();
        // Interleaved, so drift in the machine's load falls on both sides alike.
        for (int run = 1; run <= RUNS; run++) {
            bareSlack.add(bareSlack(run));
            slack.add(staffroom(Platform.SLACK, run));
            bareDiscord.add(bareDiscord(run));
            discord.add(staffroom(Platform.DISCORD, run));
        }
        record(new Runs(slack), new Runs(bareSlack), new Runs(discord), new Runs(bareDiscord));
    }

    private void record(Runs slack, Runs bareSlack, Runs discord, Runs bareDiscord) {
        String section = "1. Inbound throughput (" + events
                + "-event burst, PD chat capture across 20 schools; median of " + RUNS + " runs, spread min–max)";
        double slackRatio = slack.median() / bareSlack.median();
        double discordRatio = discord.median() / bareDiscord.median();
        report.row(
                section,
                "Slack: events/s handled by every feature (Bolt Socket Mode)",
                slack.figure(),
                bareSlack.figure() + " (bare Bolt, handled/s)",
                Bench.ratio(slackRatio),
                "target ≥ 0.5×; generator wrote " + Bench.num(bareSlack.generatorMedian(), 0) + " envelopes/s (min "
                        + Bench.num(bareSlack.min(Burst::generatorPerSecond), 0)
                        + ") in the bare runs; Staffroom acks/s "
                        + Bench.num(
                                Bench.median(slack.bursts().stream()
                                        .map(b -> b.events() / b.ackSeconds())
                                        .toList()),
                                0)
                        + "; Bolt's Socket Mode client polls one message per worker every 10 ms ("
                        + BareClients.SOCKET_CONCURRENCY + " workers)");
        report.row(
                section,
                "Discord: events/s handled by every feature (JDA gateway)",
                discord.figure(),
                bareDiscord.figure() + " (bare JDA listener)",
                Bench.ratio(discordRatio),
                "target ≥ 0.5×; generator wrote " + Bench.num(bareDiscord.generatorMedian(), 0) + " dispatches/s (min "
                        + Bench.num(bareDiscord.min(Burst::generatorPerSecond), 0) + ") in the bare runs");
        halfOfBare(SLACK_TARGET, slack, bareSlack);
        halfOfBare(DISCORD_TARGET, discord, bareDiscord);
    }

    /** Issue 21's inbound target: Staffroom's median at least half the bare client's. */
    private void halfOfBare(String goal, Runs staffroom, Runs bare) {
        double ratio = staffroom.median() / bare.median();
        report.target(
                goal,
                Bench.ratio(ratio) + " (" + Bench.num(staffroom.median(), 0) + " against " + Bench.num(bare.median(), 0)
                        + " events/s)",
                ratio >= 0.5,
                Bench.num(0.5 * bare.median() - staffroom.median(), 0) + " events/s short");
    }

    // ------------------------------------------------------------------ bare clients

    private Burst bareSlack(int run) throws Exception {
        try (FakeSlack fake = trust.slack();
                BareClients.BareBolt bolt = new BareClients.BareBolt(fake)) {
            awaitSocket(fake);
            slackBurst(fake, warmup, "warm" + run, () -> bolt.handled.get());
            Burst b = slackBurst(fake, events, "bare" + run, () -> bolt.handled.get());
            Bench.raw(SCENARIO, "bare Bolt run " + run + ": " + b);
            return b;
        }
    }

    private Burst bareDiscord(int run) throws Exception {
        try (FakeDiscord fake = trust.discord();
                BareClients.BareJda jda = new BareClients.BareJda(fake)) {
            discordBurst(fake, warmup, "warm" + run, () -> jda.received.get());
            Burst b = discordBurst(fake, events, "bare" + run, () -> jda.received.get());
            Bench.raw(SCENARIO, "bare JDA run " + run + ": " + b);
            return b;
        }
    }

    // ------------------------------------------------------------------ Staffroom

    /** A fresh Staffroom (its own database) per platform, so one burst's relay tail does not load the other's. */
    private Burst staffroom(Platform platform, int run) throws Exception {
        Path work = Bench.work(SCENARIO);
        Path config = trust.write(work.resolve("bot-config"));
        try (FakeSlack slack = trust.slack();
                FakeDiscord discord = trust.discord()) {
            try (InProcessStaffroom app = InProcessStaffroom.startOnBoth(work, config, slack, discord)) {
                app.tickAndSettle(Duration.ofSeconds(60)); // the chat goes live: intro and Q1 in 20 channels
                long captured = app.captured();
                Burst b;
                try (Profiler ignored =
                        Profiler.maybe("throughput-" + platform.name().toLowerCase())) {
                    if (platform == Platform.SLACK) {
                        slackBurst(slack, warmup, "warm" + run, app::handled);
                        b = slackBurst(slack, events, "staffroom" + run, app::handled);
                    } else {
                        discordBurst(discord, warmup, "warm" + run, app::handled);
                        b = discordBurst(discord, events, "staffroom" + run, app::handled);
                    }
                }
                long newlyCaptured = app.captured() - captured;
                Bench.raw(SCENARIO, "Staffroom " + platform + " run " + run + ": " + b + "; captured " + newlyCaptured);
                if (newlyCaptured != warmup + events) {
                    throw new AssertionError(platform + ": " + (warmup + events) + " messages pushed but "
                            + newlyCaptured + " captured (lost or doubled)");
                }
                return b;
            }
        }
    }

    // ------------------------------------------------------------------ bursts

    static void awaitSocket(FakeSlack fake) {
        if (!Bench.await(Duration.ofSeconds(30), 20, () -> fake.openConnections() > 0)) {
            throw new IllegalStateException("the Socket Mode client did not connect");
        }
    }

    /**
     * Pushes {@code n} PD-chat messages from {@link #SENDERS} threads as fast as the socket takes them
     * (envelopes built and serialised before the clock starts); waits for every ack and every handling.
     */
    private Burst slackBurst(FakeSlack fake, int n, String tag, LongSupplier handled) throws InterruptedException {
        List<JsonObject> messages = new ArrayList<>(n);
        for (int i = 0; i < n; i++)
            messages.add(fake.payloads()
                    .eventCallback(trust.slackPdMessage(fake, i, "A1 " + tag + " " + i + " " + BenchTrust.HASHTAG)));
        List<Envelope> pushed = fake.prepare(messages);
        long before = handled.getAsLong();
        long t0 = System.nanoTime();
        double sendSeconds = send(n, i -> fake.send(pushed.get(i)), t0);
        boolean acked = Bench.await(LIMIT, 5, () -> pushed.stream().allMatch(Envelope::acked));
        double ackSeconds = (System.nanoTime() - t0) / 1e9;
        if (!acked) throw new AssertionError("Slack: not every envelope was acknowledged within " + LIMIT);
        if (!Bench.await(LIMIT, 5, () -> handled.getAsLong() >= before + n)) {
            throw new AssertionError(
                    "Slack: " + (handled.getAsLong() - before) + " of " + n + " events handled within " + LIMIT);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        return new Burst("slack-" + tag, n, seconds, ackSeconds, sendSeconds);
    }

    private Burst discordBurst(FakeDiscord fake, int n, String tag, LongSupplier handled) throws InterruptedException {
        List<Dispatch> messages = new ArrayList<>(n);
        for (int i = 0; i < n; i++)
            messages.add(trust.discordPdMessage(fake, i, "A1 " + tag + " " + i + " " + BenchTrust.HASHTAG));
        long before = handled.getAsLong();
        long t0 = System.nanoTime();
        double sendSeconds = send(n, i -> fake.push(messages.get(i)), t0);
        if (!Bench.await(LIMIT, 5, () -> handled.getAsLong() >= before + n)) {
            throw new AssertionError(
                    "Discord: " + (handled.getAsLong() - before) + " of " + n + " events handled within " + LIMIT);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        return new Burst("discord-" + tag, n, seconds, seconds, sendSeconds);
    }

    /**
     * The load generator: {@link #SENDERS} threads share the indexes 0..n-1 and send each once, without
     * pauses; returns the seconds from {@code t0} until the last send returned.
     */
    static double send(int n, java.util.function.IntConsumer sendOne, long t0) throws InterruptedException {
        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        List<Thread> senders = new ArrayList<>();
        java.util.concurrent.atomic.AtomicReference<RuntimeException> failed =
                new java.util.concurrent.atomic.AtomicReference<>();
        for (int t = 0; t < SENDERS; t++) {
            Thread sender = new Thread(
                    () -> {
                        try {
                            for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) sendOne.accept(i);
                        } catch (RuntimeException e) {
                            failed.compareAndSet(null, e);
                        }
                    },
                    "bench-sender-" + t);
            sender.start();
            senders.add(sender);
        }
        for (Thread t : senders) t.join();
        if (failed.get() != null) throw failed.get();
        return (System.nanoTime() - t0) / 1e9;
    }
}
