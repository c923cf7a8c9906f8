package org.staffroom.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.staffroom.testing.discord.FakeDiscord;
import org.staffroom.testing.slack.FakeSlack;

/**
 * Figure 4: a PD chat across 20 channels (10 Slack, 10 Discord) gets 10 messages a second for 60
 * seconds, round the channels. For every message and each of the 19 other channels: the lag from
 * pushing it to the first post or edit (of the rolling message) carrying it at that channel's fake;
 * and whether any channel went over its rate: Discord's real limits enforced by the fake (5 per 5 s
 * per channel for posts and for edits, 50 requests/s), Slack's modelled as a burst of three and one a
 * second per channel for {@code chat.postMessage} and for {@code chat.update} (recorded, not refused).
 * Every copy must arrive exactly once in every other channel (final state of the fakes).
 */
final class RelayBench {

    static final String SCENARIO = "relay";
    private static final Pattern TOKEN = Pattern.compile("rly(\\d{5})x");

    private final Report report;
    private final BenchTrust trust = BenchTrust.liveChat(10, 10, 5);
    private final int seconds = Bench.scaled(60);
    private final int perSecond = 10;

    RelayBench(Report report) {
        this.report = report;
    }

    void run() throws Exception {
        Path work = Bench.work(SCENARIO);
        Path config = trust.write(work.resolve("bot-config"));
        try (FakeSlack slack = trust.slack();
                FakeDiscord discord = trust.discord()) {
            slack.rateLimit("chat.postMessage", 3);
            slack.rateLimit("chat.update", 3);
            discord.rateLimits().enforce(true);
            try (InProcessStaffroom app = InProcessStaffroom.startOnBoth(work, config, slack, discord)) {
                app.tickAndSettle(Duration.ofSeconds(60));
                Bench.sleep(3000); // the intro and Q1 used the channels' bursts; let the buckets fill again
                int violationsBefore = slack.rateLimitViolations().size();
                discord.rateLimits().reset();

                List<BenchTrust.School> schools = trust.schools();
                int n = seconds * perSecond;
                Instant[] pushedAt = new Instant[n];
                String[] source = new String[n];
                long t0 = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    long due = t0 + (long) (i * 1e9 / perSecond);
                    while (System.nanoTime() < due) Bench.sleep(1);
                    BenchTrust.School s = schools.get(i % schools.size());
                    String text = String.format("A1 rly%05dx relay %s", i, BenchTrust.HASHTAG);
                    int poster = 1 + (i / schools.size()) % BenchTrust.POSTERS;
                    source[i] = key(s);
                    pushedAt[i] = Instant.now();
                    if (s.slack()) {
                        slack.pushEvent(slack.payloads()
                                .message(s.channel(BenchTrust.Purpose.PD), s.slackPoster(poster), text));
                    } else {
                        discord.push(discord.events()
                                .message(s.discordChannel(BenchTrust.Purpose.PD), s.discordPoster(poster), text)
                                .build());
                    }
                }
                // Arrivals per channel: the first post or edit that carried each message there.
                Map<String, Map<Integer, Instant>> arrived = new HashMap<>();
                boolean complete = Bench.await(Duration.ofSeconds(120), 1000, () -> {
                    arrived.clear();
                    arrived.putAll(Arrivals.byChannel(slack, discord, TOKEN));
                    return missing(arrived, source, n) == 0;
                });
                if (!complete) {
                    throw new AssertionError(
                            "relay: " + missing(arrived, source, n) + " copies never arrived within 120 s");
                }
                checkOncePerChannel(slack, discord, source, n);

                List<Double> lags = new ArrayList<>();
                for (Map.Entry<String, Map<Integer, Instant>> channel : arrived.entrySet()) {
                    for (Map.Entry<Integer, Instant> a : channel.getValue().entrySet()) {
                        int i = a.getKey();
                        if (i < n && !source[i].equals(channel.getKey())) {
                            lags.add(Duration.between(pushedAt[i], a.getValue()).toNanos() / 1e6);
                        }
                    }
                }
                int slackViolations = slack.rateLimitViolations().size() - violationsBefore;
                int discordViolations = discord.rateLimits().violations().size();
                long discord429 =
                        discord.calls().stream().filter(c -> c.status() == 429).count();
                long slackOps = slack.calls().stream()
                        .filter(c -> c.method().startsWith("chat.") && c.ok())
                        .count();
                long discordOps = discord.calls().stream()
                        .filter(c -> c.route().startsWith("channels/{channel_id}/messages")
                                && !c.method().equals("GET")
                                && c.status() < 300)
                        .count();
                Bench.raw(
                        SCENARIO,
                        n + " messages over " + seconds + " s into 20 channels: " + lags.size() + " copies; lag p50 "
                                + Bench.ms(Bench.percentile(lags, 50)) + ", p99 " + Bench.ms(Bench.percentile(lags, 99))
                                + ", max "
                                + Bench.ms(Bench.max(lags)) + "; platform operations Slack " + slackOps + ", Discord "
                                + discordOps
                                + "; rate violations Slack " + slackViolations + ", Discord " + discordViolations
                                + " (429s " + discord429 + ")");
                for (org.staffroom.testing.slack.RecordedCall v : slack.rateLimitViolations()
                        .subList(violationsBefore, slack.rateLimitViolations().size())) {
                    String ch = v.param("channel");
                    List<String> around = slack.calls().stream()
                            .filter(c -> ch.equals(c.param("channel"))
                                    && c.method().equals(v.method())
                                    && Math.abs(Duration.between(c.receivedAt(), v.receivedAt())
                                                    .toMillis())
                                            < 1500)
                            .map(c -> c.method() + "@"
                                    + Duration.between(v.receivedAt(), c.receivedAt())
                                            .toMillis() + (c.param("thread_ts") != null ? " (in a thread)" : "") + " \""
                                    + abbreviate(c.param("text")) + "\"")
                            .toList();
                    Bench.raw(
                            SCENARIO,
                            "Slack over rate: " + v.method() + " in " + ch + " at " + v.receivedAt()
                                    + "; same channel ±1.5 s: " + around);
                }
                String section = "4. Relay under a burst (20 channels, 10 Slack + 10 Discord; " + perSecond
                        + " messages/s for " + seconds + " s)";
                report.row(
                        section,
                        "End-to-end relay lag, message pushed → its copy at each other channel (p50 / p99 / max)",
                        Bench.ms(Bench.percentile(lags, 50)) + " / " + Bench.ms(Bench.percentile(lags, 99)) + " / "
                                + Bench.ms(Bench.max(lags)),
                        "–",
                        "–",
                        lags.size() + " copies (" + n + " × 19), each exactly once; coalesced into "
                                + (slackOps + discordOps) + " posts and edits in all");
                report.row(
                        section,
                        "Channels over their rate (fakes' recorded violations)",
                        "Slack " + slackViolations + ", Discord " + discordViolations,
                        "0",
                        "–",
                        "Discord: real limits enforced (429s: " + discord429
                                + "); Slack: burst 3, then 1/s per channel, recorded");
            }
        }
    }

    private static String key(BenchTrust.School s) {
        return (s.slack() ? "slack:" : "discord:") + s.channel(BenchTrust.Purpose.PD);
    }

    private int missing(Map<String, Map<Integer, Instant>> arrived, String[] source, int n) {
        int missing = 0;
        for (BenchTrust.School s : trust.schools()) {
            Map<Integer, Instant> here = arrived.getOrDefault(key(s), Map.of());
            for (int i = 0; i < n; i++) {
                if (!source[i].equals(key(s)) && !here.containsKey(i)) missing++;
            }
        }
        return missing;
    }

    /** In the final state of each channel every other channel's message shows exactly once, its own never. */
    private void checkOncePerChannel(FakeSlack slack, FakeDiscord discord, String[] source, int n) {
        for (BenchTrust.School s : trust.schools()) {
            int[] seen = new int[n];
            List<String> texts = s.slack()
                    ? slack.messages(s.channel(BenchTrust.Purpose.PD)).stream()
                            .filter(m -> m.botId() != null
                                    || m.user() == null
                                    || m.user().equals(slack.botUserId()))
                            .map(m -> m.text())
                            .toList()
                    : discord.messages(s.discordChannel(BenchTrust.Purpose.PD)).stream()
                            .filter(m -> m.authorId() == discord.botId())
                            .map(FakeDiscord.StoredMessage::content)
                            .toList();
            for (String text : texts) {
                Matcher m = TOKEN.matcher(text == null ? "" : text);
                while (m.find()) seen[Integer.parseInt(m.group(1))]++;
            }
            for (int i = 0; i < n; i++) {
                int expected = source[i].equals(key(s)) ? 0 : 1;
                if (seen[i] != expected) {
                    throw new AssertionError("relay: message " + i + " shows " + seen[i] + " time(s) in " + key(s)
                            + ", expected " + expected);
                }
            }
        }
    }

    private static String abbreviate(String text) {
        if (text == null) return "";
        String line = text.replace('\n', ' ');
        return line.length() > 40 ? line.substring(0, 40) + "…" : line;
    }
}
