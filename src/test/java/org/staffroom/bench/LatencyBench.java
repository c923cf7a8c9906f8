package org.staffroom.bench;

import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.staffroom.config.Platform;
import org.staffroom.testing.discord.Dispatch;
import org.staffroom.testing.discord.FakeDiscord;
import org.staffroom.testing.slack.Envelope;
import org.staffroom.testing.slack.FakeSlack;

/**
 * Figure 2: acknowledgement latency at a steady 50 events/s (ten times a busy chat) and at the
 * saturation point, found by stepping the rate up until acknowledgements fall behind (more than a
 * second's worth outstanding) or p99 passes Slack's and Discord's three seconds. Slack: envelope
 * written to the socket → ack frame back, for a mix of PD-chat messages (80 %), reactions (10 %) and
 * {@code /tag} slash commands (10 %, whose ack waits for the answer to ride on it). Discord:
 * interaction pushed → first callback, for {@code /tag} commands making 30 % of a stream whose other
 * 70 % are PD-chat messages on the same gateway.
 */
final class LatencyBench {

    static final String SCENARIO = "latency";
    static final int STEADY_RATE = 50;
    static final int[] STEPS = {100, 200, 400, 800, 1600};
    static final double DEADLINE_MS = 3000;

    /** What one phase at one rate showed. */
    record Phase(
            int rate, int events, List<Double> latencies, int unanswered, int maxBacklog, double handledPerSecond) {
        double p50() {
            return Bench.percentile(latencies, 50);
        }

        double p99() {
            return Bench.percentile(latencies, 99);
        }

        double max() {
            return Bench.max(latencies);
        }

        boolean keptUp() {
            return unanswered == 0 && p99() < DEADLINE_MS && maxBacklog <= rate;
        }

        @Override
        public String toString() {
            return rate + " ev/s × " + events + ": p50 " + Bench.ms(p50()) + ", p99 " + Bench.ms(p99()) + ", max "
                    + Bench.ms(max())
                    + ", n=" + latencies.size() + ", unanswered " + unanswered + ", max backlog " + maxBacklog
                    + ", handled "
                    + Bench.num(handledPerSecond, 0) + "/s" + (keptUp() ? "" : "  ← fell behind");
        }
    }

    private final Report report;
    private final BenchTrust trust = BenchTrust.liveChat(10, 10, 5);
    private final int steadySeconds = Bench.scaled(20);
    private final int stepSeconds = Bench.scaled(8);

    LatencyBench(Report report) {
        this.report = report;
    }

    void run() throws Exception {
        for (Platform platform : List.of(Platform.SLACK, Platform.DISCORD)) {
            Path work = Bench.work(SCENARIO);
            Path config = trust.write(work.resolve("bot-config"));
            try (FakeSlack slack = trust.slack();
                    FakeDiscord discord = trust.discord()) {
                try (InProcessStaffroom app = InProcessStaffroom.startOnBoth(work, config, slack, discord)) {
                    awaitCommandsRegistered(discord, trust.guilds());
                    app.tickAndSettle(Duration.ofSeconds(60));
                    Load load =
                            platform == Platform.SLACK ? new SlackLoad(slack, trust) : new DiscordLoad(discord, trust);
                    phase(load, STEADY_RATE, Bench.scaled(5), app); // warm-up, not reported
                    Phase steady;
                    try (Profiler ignored =
                            Profiler.maybe("latency-" + platform.name().toLowerCase())) {
                        steady = phase(load, STEADY_RATE, steadySeconds, app);
                    }
                    Bench.raw(SCENARIO, platform + " steady " + steady);
                    Bench.raw(SCENARIO, platform + " steady by kind: " + load.breakdown());
                    Phase lastGood = steady;
                    Phase failed = null;
                    for (int rate : STEPS) {
                        drain(app);
                        Phase step = phase(load, rate, stepSeconds, app);
                        Bench.raw(SCENARIO, platform + " step " + step);
                        if (!step.keptUp()) {
                            failed = step;
                            break;
                        }
                        lastGood = step;
                    }
                    record(platform, steady, lastGood, failed);
                }
            }
        }
    }

    private void record(Platform platform, Phase steady, Phase lastGood, Phase failed) {
        String section = "2. Acknowledgement latency";
        String what = platform == Platform.SLACK ? "Slack envelope → ack" : "Discord interaction → first response";
        report.row(
                section,
                what + " at " + STEADY_RATE + " events/s (p50 / p99 / max)",
                Bench.ms(steady.p50()) + " / " + Bench.ms(steady.p99()) + " / " + Bench.ms(steady.max()),
                "p99 < 100 ms (target)",
                "–",
                "n=" + steady.latencies().size() + " over " + steadySeconds + " s; handled "
                        + Bench.num(steady.handledPerSecond(), 0) + " events/s"
                        + (steady.keptUp() ? "" : "; fell behind"));
        String saturation = failed == null
                ? "≥ " + lastGood.rate() + " events/s (never fell behind)"
                : lastGood.rate() + " events/s (" + failed.rate() + " fell behind)";
        report.row(
                section,
                what + ": saturation point, and p50 / p99 / max there",
                saturation + "; " + Bench.ms(lastGood.p50()) + " / " + Bench.ms(lastGood.p99()) + " / "
                        + Bench.ms(lastGood.max()),
                "3 s (platform deadline)",
                "–",
                failed == null
                        ? ""
                        : "at " + failed.rate() + "/s: p99 " + Bench.ms(failed.p99()) + ", max backlog "
                                + failed.maxBacklog() + ", unanswered " + failed.unanswered());
    }

    /** Waits for the inbox to catch up between steps, so each step starts from quiet. */
    private static void drain(InProcessStaffroom app) {
        Bench.await(Duration.ofSeconds(60), 50, () -> app.handled() >= app.recorded());
    }

    static void awaitCommandsRegistered(FakeDiscord discord, int guilds) {
        if (!Bench.await(
                Duration.ofSeconds(30),
                50,
                () -> java.util.stream.IntStream.range(0, guilds)
                        .allMatch(g ->
                                !discord.guildCommands(BenchTrust.guildId(g)).isEmpty()))) {
            throw new IllegalStateException("Staffroom did not register its commands with the fake Discord");
        }
    }

    /**
     * Pushes {@code rate × seconds} events at a steady rate (by the clock, catching up if the pusher was
     * late), sampling the outstanding acknowledgements every 100 ms, then waits up to ten seconds for the
     * stragglers.
     */
    private static Phase phase(Load load, int rate, int seconds, InProcessStaffroom app) {
        int n = rate * seconds;
        load.prepare(n);
        long handledBefore = app.handled();
        long t0 = System.nanoTime();
        int sent = 0;
        int maxBacklog = 0;
        long nextSample = t0;
        while (sent < n) {
            long now = System.nanoTime();
            int due = (int) Math.min(n, (now - t0) / 1e9 * rate + 1);
            while (sent < due) load.push(sent++);
            if (now >= nextSample) {
                maxBacklog = Math.max(maxBacklog, load.outstanding());
                nextSample = now + 100_000_000L;
            }
            Bench.sleep(1);
        }
        double pushSeconds = (System.nanoTime() - t0) / 1e9;
        Bench.await(Duration.ofSeconds(10), 20, () -> load.outstanding() == 0);
        Bench.await(Duration.ofSeconds(10), 20, () -> app.handled() - handledBefore >= load.handledTarget());
        double handledSeconds = (System.nanoTime() - t0) / 1e9;
        double handledRate = (app.handled() - handledBefore) / Math.max(pushSeconds, handledSeconds);
        return new Phase(rate, n, load.latencies(), load.outstanding(), maxBacklog, handledRate);
    }

    /** A platform's event stream for one phase. */
    interface Load {
        void prepare(int n);

        void push(int i);

        /** Pushed and not yet acknowledged/answered. */
        int outstanding();

        List<Double> latencies();

        /** How many of the pushed events reach the core (the rest, e.g. duplicates, may not). */
        long handledTarget();

        /** Percentiles by kind of event, for the raw output. */
        default String breakdown() {
            return "";
        }
    }

    /** 80 % PD-chat messages, 10 % reactions to them, 10 % {@code /tag} commands. */
    static final class SlackLoad implements Load {
        private final FakeSlack fake;
        private final List<BenchTrust.School> schools;
        private List<JsonObject> payloads;
        private List<String> types;
        private final List<Envelope> pushed = new ArrayList<>();
        private int phase;

        SlackLoad(FakeSlack fake, BenchTrust trust) {
            this.fake = fake;
            this.schools = trust.slackSchools();
        }

        @Override
        public void prepare(int n) {
            phase++;
            pushed.clear();
            payloads = new ArrayList<>(n);
            types = new ArrayList<>(n);
            String lastTs = null;
            String lastChannel = null;
            for (int i = 0; i < n; i++) {
                BenchTrust.School s = schools.get(i % schools.size());
                String user = s.slackPoster(1 + (i / schools.size()) % BenchTrust.POSTERS);
                if (i % 10 == 9) {
                    payloads.add(fake.payloads()
                            .slashCommand("/tag", BenchTrust.HASHTAG, user, s.channel(BenchTrust.Purpose.STAFFROOM)));
                    types.add("slash_commands");
                } else if (i % 10 == 8 && lastTs != null) {
                    payloads.add(fake.payloads()
                            .eventCallback(fake.payloads().reactionAdded(user, "thumbsup", lastChannel, lastTs)));
                    types.add("events_api");
                } else {
                    JsonObject m = fake.payloads()
                            .message(
                                    s.channel(BenchTrust.Purpose.PD),
                                    user,
                                    "A1 latency " + phase + "-" + i + " " + BenchTrust.HASHTAG);
                    lastTs = m.get("ts").getAsString();
                    lastChannel = s.channel(BenchTrust.Purpose.PD);
                    payloads.add(fake.payloads().eventCallback(m));
                    types.add("events_api");
                }
            }
        }

        @Override
        public void push(int i) {
            pushed.add(fake.push(types.get(i), payloads.get(i)));
        }

        @Override
        public int outstanding() {
            int n = 0;
            for (int i = 0; i < pushed.size(); i++) {
                if (!pushed.get(i).acked()) n++;
            }
            return n;
        }

        @Override
        public List<Double> latencies() {
            List<Double> out = new ArrayList<>();
            for (Envelope e : pushed) e.ackLatency().ifPresent(d -> out.add(d.toNanos() / 1e6));
            return out;
        }

        @Override
        public long handledTarget() {
            return pushed.size();
        }

        @Override
        public String breakdown() {
            Map<String, List<Double>> byType = new java.util.TreeMap<>();
            for (int i = 0; i < pushed.size(); i++) {
                int k = i;
                pushed.get(i)
                        .ackLatency()
                        .ifPresent(d -> byType.computeIfAbsent(types.get(k), t -> new ArrayList<>())
                                .add(d.toNanos() / 1e6));
            }
            StringBuilder out = new StringBuilder();
            byType.forEach((type, l) -> out.append(type)
                    .append(": p50 ")
                    .append(Bench.ms(Bench.percentile(l, 50)))
                    .append(", p99 ")
                    .append(Bench.ms(Bench.percentile(l, 99)))
                    .append(", max ")
                    .append(Bench.ms(Bench.max(l)))
                    .append(", n=")
                    .append(l.size())
                    .append("; "));
            return out.toString();
        }
    }

    /** 70 % PD-chat messages, 30 % {@code /tag} commands; latency is measured on the commands. */
    static final class DiscordLoad implements Load {
        private final FakeDiscord fake;
        private final List<BenchTrust.School> schools;
        private final List<Dispatch> dispatches = new ArrayList<>();
        private final List<Dispatch> interactions = new ArrayList<>();
        private int pushedCount;
        private int phase;

        DiscordLoad(FakeDiscord fake, BenchTrust trust) {
            this.fake = fake;
            this.schools = trust.discordSchools();
        }

        @Override
        public void prepare(int n) {
            phase++;
            dispatches.clear();
            interactions.clear();
            pushedCount = 0;
            for (int i = 0; i < n; i++) {
                BenchTrust.School s = schools.get(i % schools.size());
                long user = s.discordPoster(1 + (i / schools.size()) % BenchTrust.POSTERS);
                if (i % 10 >= 7) {
                    dispatches.add(fake.events()
                            .slashCommand(s.discordChannel(BenchTrust.Purpose.STAFFROOM), user, "tag")
                            .option("tag", BenchTrust.HASHTAG)
                            .build());
                } else {
                    dispatches.add(fake.events()
                            .message(
                                    s.discordChannel(BenchTrust.Purpose.PD),
                                    user,
                                    "A1 latency " + phase + "-" + i + " " + BenchTrust.HASHTAG)
                            .build());
                }
            }
        }

        @Override
        public void push(int i) {
            Dispatch d = dispatches.get(i);
            fake.push(d);
            if (d.type().equals("INTERACTION_CREATE")) interactions.add(d);
            pushedCount++;
        }

        @Override
        public int outstanding() {
            int n = 0;
            for (Dispatch d : List.copyOf(interactions)) {
                if (fake.interactionLatency(d).isEmpty()) n++;
            }
            return n;
        }

        @Override
        public List<Double> latencies() {
            List<Double> out = new ArrayList<>();
            for (Dispatch d : interactions) fake.interactionLatency(d).ifPresent(x -> out.add(x.toNanos() / 1e6));
            return out;
        }

        @Override
        public long handledTarget() {
            return pushedCount;
        }
    }
}
