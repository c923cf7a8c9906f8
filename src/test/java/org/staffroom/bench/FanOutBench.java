package org.staffroom.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.staffroom.testing.discord.FakeDiscord;
import org.staffroom.testing.discord.RateLimits;
import org.staffroom.testing.discord.RecordedCall;
import org.staffroom.testing.slack.Envelope;
import org.staffroom.testing.slack.FakeSlack;

/**
 * Figure 3: wall time for {@code /qotd now} to post the question of the day to N = 50, 200 and 500
 * qotd channels, half in one Slack workspace and half over Discord guilds of 25 schools, with the
 * fakes enforcing the limits the platforms publish, not Staffroom's own pacing: for Slack,
 * {@code chat.postMessage} at 1 per second per channel and "several hundred" per minute across the
 * workspace (read as {@value FakeSlack#POST_PER_WORKSPACE_PER_MINUTE}, {@link FakeSlack#enforcePublishedPostLimits});
 * for Discord, {@value RateLimits#GLOBAL_PER_SECOND} requests per second globally and
 * {@value RateLimits#MESSAGES_PER_CHANNEL} messages per 5 s per channel ({@link RateLimits}), 429 with
 * Retry-After beyond them. The floor is the earliest moment those limits let the last request through
 * ({@link #slackFloorSeconds}, {@link #discordFloorSeconds}); the platforms run side by side.
 */
final class FanOutBench {

    static final String SCENARIO = "fanout";

    private final Report report;

    FanOutBench(Report report) {
        this.report = report;
    }

    void run() throws Exception {
        for (int n : new int[] {50, 200, 500}) {
            int total = Bench.scaled(n);
            fanOut(total);
        }
    }

    private void fanOut(int n) throws Exception {
        BenchTrust trust = new BenchTrust(n / 2, n - n / 2, 25, List.of(BenchTrust.Purpose.QOTD), false);
        Path work = Bench.work(SCENARIO);
        Path config = trust.write(work.resolve("bot-config"));
        try (FakeSlack slack = trust.slack();
                FakeDiscord discord = trust.discord()) {
            slack.enforcePublishedPostLimits();
            discord.rateLimits().enforce(true);
            try (InProcessStaffroom app = InProcessStaffroom.startOnBoth(work, config, slack, discord)) {
                LatencyBench.awaitCommandsRegistered(discord, trust.guilds());
                slack.clearCalls();
                discord.clearCalls();
                discord.rateLimits().reset();

                String commandChannel = trust.slackSchools().get(0).channel(BenchTrust.Purpose.QOTD);
                Instant start = Instant.now();
                Envelope command = slack.pushSlashCommand(
                        slack.payloads().slashCommand("/qotd", "now", BenchTrust.COORDINATOR_SLACK, commandChannel));
                int slackPosts = trust.slackSchools().size();
                int discordPosts = trust.discordSchools().size();
                boolean done = Bench.await(
                        Duration.ofSeconds(180),
                        50,
                        () -> okSlackPosts(slack).size() >= slackPosts
                                && okDiscord(discord, "channels/{channel_id}/messages")
                                                .size()
                                        >= discordPosts
                                && okDiscord(discord, "channels/{channel_id}/messages/{message_id}/threads")
                                                .size()
                                        >= discordPosts);
                if (!done) {
                    throw new AssertionError("fan-out to " + n + " channels did not finish within 180 s: Slack "
                            + okSlackPosts(slack).size() + "/" + slackPosts + ", Discord "
                            + okDiscord(discord, "channels/{channel_id}/messages")
                                    .size() + "/" + discordPosts);
                }
                Bench.sleep(2000); // anything doubled would show up now
                record(n, trust, slack, discord, start, command);
            }
        }
    }

    private void record(
            int n, BenchTrust trust, FakeSlack slack, FakeDiscord discord, Instant start, Envelope command) {
        List<org.staffroom.testing.slack.RecordedCall> slackOk = okSlackPosts(slack);
        List<RecordedCall> discordPosts = okDiscord(discord, "channels/{channel_id}/messages");
        List<RecordedCall> threads = okDiscord(discord, "channels/{channel_id}/messages/{message_id}/threads");

        // Exactly one post per channel, on both platforms.
        Map<String, Integer> perChannel = new HashMap<>();
        slackOk.forEach(c -> perChannel.merge("slack:" + c.param("channel"), 1, Integer::sum));
        discordPosts.forEach(c -> perChannel.merge("discord:" + c.path().split("/")[1], 1, Integer::sum));
        int wrong = 0;
        for (BenchTrust.School s : trust.schools()) {
            String key = (s.slack() ? "slack:" : "discord:") + s.channel(BenchTrust.Purpose.QOTD);
            if (perChannel.getOrDefault(key, 0) != 1) wrong++;
        }
        if (wrong > 0 || perChannel.size() != n) {
            throw new AssertionError("fan-out to " + n + " channels: " + wrong
                    + " channel(s) did not get exactly one post; " + perChannel.size() + " channels posted to");
        }

        double slackSeconds = Duration.between(
                                start,
                                slackOk.stream()
                                        .map(c -> c.receivedAt())
                                        .max(Instant::compareTo)
                                        .orElseThrow())
                        .toMillis()
                / 1000.0;
        Instant discordLast = discordPosts.stream()
                .map(RecordedCall::receivedAt)
                .max(Instant::compareTo)
                .orElseThrow();
        Instant threadLast = threads.stream()
                .map(RecordedCall::receivedAt)
                .max(Instant::compareTo)
                .orElseThrow();
        double discordSeconds = Duration.between(start, discordLast.isAfter(threadLast) ? discordLast : threadLast)
                        .toMillis()
                / 1000.0;
        double wall = Math.max(slackSeconds, discordSeconds);
        int slackN = trust.slackSchools().size();
        int discordN = trust.discordSchools().size();
        double slackFloor = slackFloorSeconds(1, slackN);
        double discordFloor = discordFloorSeconds(1, 2 * discordN); // each post also opens its answers thread
        double floor = Math.max(slackFloor, discordFloor);

        double slackFirst = Duration.between(
                                start,
                                slackOk.stream()
                                        .map(c -> c.receivedAt())
                                        .min(Instant::compareTo)
                                        .orElseThrow())
                        .toMillis()
                / 1000.0;
        double discordFirst = Duration.between(
                                start,
                                discordPosts.stream()
                                        .map(RecordedCall::receivedAt)
                                        .min(Instant::compareTo)
                                        .orElseThrow())
                        .toMillis()
                / 1000.0;
        Bench.raw(
                SCENARIO,
                "N=" + n + " first post after: Slack " + slackFirst + " s, Discord " + discordFirst
                        + " s; Slack posts per second "
                        + perSecond(slackOk.stream().map(c -> c.receivedAt()).toList(), start)
                        + "; Discord requests per second "
                        + perSecond(
                                discord.calls().stream()
                                        .filter(c -> c.method().equals("POST"))
                                        .map(RecordedCall::receivedAt)
                                        .toList(),
                                start));
        long slack429 = slack.calls("chat.postMessage").stream()
                .filter(c -> c.status() == 429)
                .count();
        long discord429 =
                discord.calls().stream().filter(c -> c.status() == 429).count();
        List<RateLimits.Violation> early = discord.rateLimits().earlyRequests();
        Bench.raw(
                SCENARIO,
                "N=" + n + " (" + trust + "): Slack " + slackN + " posts in " + slackSeconds + " s (floor " + slackFloor
                        + " s), Discord " + discordN + " posts + threads in " + discordSeconds + " s (floor "
                        + discordFloor + " s); 429s: Slack "
                        + slack429 + ", Discord " + discord429 + " ("
                        + discord.rateLimits().violations().size() + " violations, "
                        + early.size() + " early); command acked in "
                        + command.ackLatency().map(Duration::toMillis).orElse(-1L) + " ms");

        String section = "3. Fan-out: /qotd now to N channels (half Slack, half Discord), limits enforced by the fakes";
        report.row(
                section,
                "N = " + n + ": wall time (Slack / Discord)",
                Bench.num(wall, 1) + " s (" + Bench.num(slackSeconds, 1) + " / " + Bench.num(discordSeconds, 1) + ")",
                "floor " + Bench.num(floor, 1) + " s (" + Bench.num(slackFloor, 1) + " / " + Bench.num(discordFloor, 1)
                        + ") from the published limits",
                floor >= 1 ? Bench.ratio(wall / floor) : "+" + Bench.num(wall - floor, 1) + " s",
                "429s: Slack " + slack429 + ", Discord " + discord429 + "; posts per channel: 1 in all " + n
                        + "; target ≤ 1.2× the floor (+1 s when the floor is under a second)");
        // Under a second of floor a ratio means nothing: allow the second a pacer needs to start.
        double allowed = Math.max(1.2 * floor, floor + 1);
        report.target(
                "Fan-out to " + n + " channels within 1.2× the floor the published limits allow",
                Bench.num(wall, 1) + " s against a floor of " + Bench.num(floor, 1) + " s; 429s: Slack " + slack429
                        + ", Discord " + discord429,
                wall <= allowed,
                Bench.num(wall - allowed, 1) + " s over");
    }

    /**
     * The earliest second at which Slack's published chat.postMessage limits let the last of
     * {@code total} posts through, {@code perChannel} of them to each channel: 1 per second per channel
     * and {@value FakeSlack#POST_PER_WORKSPACE_PER_MINUTE} per minute across the workspace.
     */
    static double slackFloorSeconds(int perChannel, int total) {
        double channel = (perChannel - 1) / (double) FakeSlack.POST_PER_CHANNEL_PER_SECOND;
        double workspace = (Math.ceil(total / (double) FakeSlack.POST_PER_WORKSPACE_PER_MINUTE) - 1) * 60;
        return Math.max(0, Math.max(channel, workspace));
    }

    /**
     * The same for Discord: {@code requests} in all, {@code messagesPerChannel} message creates to each
     * channel, under 50 requests per second globally and 5 messages per 5 s per channel.
     */
    static double discordFloorSeconds(int messagesPerChannel, int requests) {
        double global = Math.ceil(requests / (double) RateLimits.GLOBAL_PER_SECOND) - 1;
        double channel = (Math.ceil(messagesPerChannel / (double) RateLimits.MESSAGES_PER_CHANNEL) - 1)
                * RateLimits.MESSAGE_WINDOW.toSeconds();
        return Math.max(0, Math.max(global, channel));
    }

    /** How many of {@code times} fell in each second after {@code start}: the shape of the fan-out. */
    private static List<Integer> perSecond(List<Instant> times, Instant start) {
        int[] buckets = new int[200];
        int last = 0;
        for (Instant t : times) {
            int s = (int) Math.max(0, Math.min(199, Duration.between(start, t).toMillis() / 1000));
            buckets[s]++;
            last = Math.max(last, s);
        }
        List<Integer> out = new java.util.ArrayList<>();
        for (int i = 0; i <= last; i++) out.add(buckets[i]);
        return out;
    }

    private static List<org.staffroom.testing.slack.RecordedCall> okSlackPosts(FakeSlack slack) {
        return slack.calls("chat.postMessage").stream()
                .filter(org.staffroom.testing.slack.RecordedCall::ok)
                .toList();
    }

    private static List<RecordedCall> okDiscord(FakeDiscord discord, String route) {
        return discord.calls("POST", route).stream()
                .filter(c -> c.status() >= 200 && c.status() < 300)
                .toList();
    }
}
