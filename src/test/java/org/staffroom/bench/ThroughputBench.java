package org.staffroom.bench;

import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
 * handler that only acknowledges, on a fake of the same shape, in the same run. The bare client runs
 * before and after Staffroom and the mean is the baseline, so drift in the machine's load shows.
 */
final class ThroughputBench {

    static final String SCENARIO = "throughput";
    static final Duration LIMIT = Duration.ofMinutes(5);

    /** One timed burst. {@code seconds} is push-to-last-event; {@code ackSeconds} push-to-last-ack (Slack). */
    record Burst(String label, int events, double seconds, double ackSeconds) {
        double perSecond() {
            return events / seconds;
        }
    }

    private final Report report;
    private final BenchTrust trust =
            new BenchTrust(10, 10, 5, List.of(BenchTrust.Purpose.STAFFROOM, BenchTrust.Purpose.PD), true);
    private final int events = Bench.scaled(3000);
    private final int warmup = Bench.scaled(500);

    ThroughputBench(Report report) {
        this.report = report;
    }

    void run() throws Exception {
        Bench.raw(SCENARIO, "trust: " + trust + "; burst " + events + " events after " + warmup + " to warm up");
        List<Burst> bareSlack = new ArrayList<>();
        List<Burst> bareDiscord = new ArrayList<>();
        bareSlack.add(bareSlack());
        bareDiscord.add(bareDiscord());
        Burst slack = staffroom(Platform.SLACK);
        Burst discord = staffroom(Platform.DISCORD);
        bareSlack.add(bareSlack());
        bareDiscord.add(bareDiscord());

        double bareSlackRate =
                bareSlack.stream().mapToDouble(Burst::perSecond).average().orElseThrow();
        double bareDiscordRate =
                bareDiscord.stream().mapToDouble(Burst::perSecond).average().orElseThrow();
        String section = "1. Inbound throughput (" + events + "-event burst, PD chat capture across 20 schools)";
        report.row(
                section,
                "Slack: events/s handled by every feature (Bolt Socket Mode)",
                Bench.num(slack.perSecond(), 0),
                Bench.num(bareSlackRate, 0) + " (bare Bolt, acks/s)",
                Bench.ratio(slack.perSecond() / bareSlackRate),
                "target ≥ 0.8×; Staffroom acks/s " + Bench.num(slack.events() / slack.ackSeconds(), 0) + "; bare runs "
                        + rates(bareSlack));
        report.row(
                section,
                "Discord: events/s handled by every feature (JDA gateway)",
                Bench.num(discord.perSecond(), 0),
                Bench.num(bareDiscordRate, 0) + " (bare JDA listener)",
                Bench.ratio(discord.perSecond() / bareDiscordRate),
                "target ≥ 0.8×; bare runs " + rates(bareDiscord));
    }

    private static String rates(List<Burst> runs) {
        return String.join(
                " / ", runs.stream().map(b -> Bench.num(b.perSecond(), 0)).toList());
    }

    // ------------------------------------------------------------------ bare clients

    private Burst bareSlack() throws Exception {
        try (FakeSlack fake = trust.slack();
                BareClients.BareBolt bolt = new BareClients.BareBolt(fake)) {
            awaitSocket(fake);
            slackBurst(fake, warmup, "warm", () -> bolt.handled.get());
            Burst b = slackBurst(fake, events, "bare", () -> bolt.handled.get());
            Bench.raw(SCENARIO, "bare Bolt: " + b);
            return b;
        }
    }

    private Burst bareDiscord() throws Exception {
        try (FakeDiscord fake = trust.discord();
                BareClients.BareJda jda = new BareClients.BareJda(fake)) {
            discordBurst(fake, warmup, "warm", () -> jda.received.get());
            Burst b = discordBurst(fake, events, "bare", () -> jda.received.get());
            Bench.raw(SCENARIO, "bare JDA: " + b);
            return b;
        }
    }

    // ------------------------------------------------------------------ Staffroom

    /** A fresh Staffroom (its own database) per platform, so one burst's relay tail does not load the other's. */
    private Burst staffroom(Platform platform) throws Exception {
        Path work = Bench.work(SCENARIO);
        Path config = trust.write(work.resolve("bot-config"));
        try (FakeSlack slack = trust.slack();
                FakeDiscord discord = trust.discord()) {
            Map<String, Object> p = InProcessStaffroom.baseProperties(work, config);
            InProcessStaffroom.slack(p, slack);
            InProcessStaffroom.discord(p, discord);
            try (InProcessStaffroom app = InProcessStaffroom.start(p)) {
                app.awaitUp(Duration.ofSeconds(60), Platform.SLACK, Platform.DISCORD);
                app.tickAndSettle(Duration.ofSeconds(60)); // the chat goes live: intro and Q1 in 20 channels
                long captured = app.captured();
                Burst b;
                try (Profiler ignored =
                        Profiler.maybe("throughput-" + platform.name().toLowerCase())) {
                    if (platform == Platform.SLACK) {
                        slackBurst(slack, warmup, "warm", app::handled);
                        b = slackBurst(slack, events, "staffroom", app::handled);
                    } else {
                        discordBurst(discord, warmup, "warm", app::handled);
                        b = discordBurst(discord, events, "staffroom", app::handled);
                    }
                }
                long newlyCaptured = app.captured() - captured;
                Bench.raw(SCENARIO, "Staffroom " + platform + ": " + b + "; captured " + newlyCaptured);
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

    /** Pushes {@code n} PD-chat messages as fast as the socket takes them; waits for every ack and every handling. */
    private Burst slackBurst(FakeSlack fake, int n, String tag, LongSupplier handled) {
        List<JsonObject> messages = new ArrayList<>(n);
        List<BenchTrust.School> schools = trust.slackSchools();
        for (int i = 0; i < n; i++) {
            BenchTrust.School s = schools.get(i % schools.size());
            messages.add(fake.payloads()
                    .message(
                            s.channel(BenchTrust.Purpose.PD),
                            s.slackPoster(1 + (i / schools.size()) % 3),
                            "A1 " + tag + " " + i + " " + BenchTrust.HASHTAG));
        }
        long before = handled.getAsLong();
        long t0 = System.nanoTime();
        List<Envelope> pushed = fake.pushBurst(n, messages::get);
        boolean acked = Bench.await(LIMIT, 5, () -> pushed.stream().allMatch(Envelope::acked));
        double ackSeconds = (System.nanoTime() - t0) / 1e9;
        if (!acked) throw new AssertionError("Slack: not every envelope was acknowledged within " + LIMIT);
        if (!Bench.await(LIMIT, 10, () -> handled.getAsLong() >= before + n)) {
            throw new AssertionError(
                    "Slack: " + (handled.getAsLong() - before) + " of " + n + " events handled within " + LIMIT);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        return new Burst("slack-" + tag, n, seconds, ackSeconds);
    }

    private Burst discordBurst(FakeDiscord fake, int n, String tag, LongSupplier handled) {
        List<Dispatch> messages = new ArrayList<>(n);
        List<BenchTrust.School> schools = trust.discordSchools();
        for (int i = 0; i < n; i++) {
            BenchTrust.School s = schools.get(i % schools.size());
            messages.add(fake.events()
                    .message(
                            s.discordChannel(BenchTrust.Purpose.PD),
                            s.discordPoster(1 + (i / schools.size()) % 3),
                            "A1 " + tag + " " + i + " " + BenchTrust.HASHTAG)
                    .build());
        }
        long before = handled.getAsLong();
        long t0 = System.nanoTime();
        for (Dispatch d : messages) fake.push(d);
        if (!Bench.await(LIMIT, 5, () -> handled.getAsLong() >= before + n)) {
            throw new AssertionError(
                    "Discord: " + (handled.getAsLong() - before) + " of " + n + " events handled within " + LIMIT);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        return new Burst("discord-" + tag, n, seconds, seconds);
    }
}
