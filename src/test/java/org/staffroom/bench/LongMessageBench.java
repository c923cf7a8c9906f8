package org.staffroom.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.staffroom.testing.discord.FakeDiscord;
import org.staffroom.testing.slack.FakeSlack;

/**
 * Figure 7: relay time against a message's length. A PD chat across four schools (two on Slack, two
 * on Discord) is live; a teacher at the first Slack school posts an answer of 1,000, 10,000 and
 * 40,000 characters (Slack's limit): a pasted document, words with one long unbroken run in it, the
 * shape that made the tag scan quadratic. For each: the time from pushing it to its copy at every
 * other school (the last of the three), median of {@link #ROUNDS}. Then an ordinary {@code A1} sent
 * right after a 40,000-character message from the same channel: the time to its copies, which must
 * not wait behind the long one.
 */
final class LongMessageBench {

    static final String SCENARIO = "longmessage";
    private static final int ROUNDS = 3;
    private static final int[] LENGTHS = {1_000, 10_000, 40_000};

    private final Report report;
    private final BenchTrust trust = BenchTrust.liveChat(2, 2, 2);
    private int sent;

    LongMessageBench(Report report) {
        this.report = report;
    }

    void run() throws Exception {
        Path work = Bench.work(SCENARIO);
        Path config = trust.write(work.resolve("bot-config"));
        try (FakeSlack slack = trust.slack();
                FakeDiscord discord = trust.discord()) {
            try (InProcessStaffroom app = InProcessStaffroom.startOnBoth(work, config, slack, discord)) {
                app.tickAndSettle(Duration.ofSeconds(60));
                Bench.sleep(3000); // the intro and Q1 used the channels' bursts; let the buckets fill again

                List<String> byLength = new ArrayList<>();
                List<Double> medians = new ArrayList<>();
                for (int length : LENGTHS) {
                    List<Double> times = new ArrayList<>();
                    for (int r = 0; r < ROUNDS; r++) {
                        String token = token();
                        long start = System.nanoTime();
                        push(slack, pasted(token, length));
                        times.add(awaitCopies(slack, discord, token, start));
                        Bench.sleep(2000); // the channels' buckets refill (one copy a second)
                    }
                    double median = Bench.median(times);
                    medians.add(median);
                    byLength.add(Bench.ms(median));
                    Bench.raw(
                            SCENARIO,
                            String.format(
                                    Locale.ROOT,
                                    "%,d characters: pushed → copies at all 3 schools %s (runs %s)",
                                    length,
                                    Bench.ms(median),
                                    times.stream().map(Bench::ms).toList()));
                }

                List<Double> after = new ArrayList<>();
                for (int r = 0; r < ROUNDS; r++) {
                    push(slack, pasted(token(), 40_000));
                    String token = token();
                    long start = System.nanoTime();
                    push(slack, "A1 " + token + " short and sweet " + BenchTrust.HASHTAG);
                    after.add(awaitCopies(slack, discord, token, start));
                    Bench.sleep(3000);
                }
                Bench.raw(
                        SCENARIO,
                        "A1 right after a 40,000-character message: pushed → copies " + Bench.ms(Bench.median(after))
                                + " (runs " + after.stream().map(Bench::ms).toList() + ")");

                String section =
                        "7. Long messages (PD chat relay, 4 schools on Slack and Discord; median of " + ROUNDS + ")";
                report.row(
                        section,
                        "Relay time by length, message pushed → copies at the 3 other schools (1k / 10k / 40k characters)",
                        String.join(" / ", byLength),
                        "–",
                        Bench.ratio(medians.get(2) / medians.get(0)) + " (40k ÷ 1k)",
                        "the 40k message has 40× the characters of the 1k one");
                report.row(
                        section,
                        "An A1 sent right after a 40k message, pushed → its copies",
                        Bench.ms(Bench.median(after)),
                        "1 s",
                        Bench.ratio(Bench.median(after) / 1000.0),
                        "target set by issue 16, whose loopback run measured 37 s before the linear scan (not re-measured here)");
            }
        }
    }

    private String token() {
        return String.format("lng%05dx", ++sent);
    }

    private void push(FakeSlack slack, String text) {
        BenchTrust.School from = trust.schools().get(0);
        slack.pushEvent(slack.payloads().message(from.channel(BenchTrust.Purpose.PD), from.slackPoster(1), text));
    }

    /** "A1 <token> …" with ordinary words, then one unbroken run to make up {@code length} characters. */
    static String pasted(String token, int length) {
        StringBuilder text = new StringBuilder("A1 ")
                .append(token)
                .append(' ')
                .append(BenchTrust.HASHTAG)
                .append(' ');
        while (text.length() < length / 2) text.append("feedback then redrafting, ");
        while (text.length() < length) text.append('x');
        return text.substring(0, length);
    }

    /** Milliseconds from {@code start} until every other school's pd channel shows a copy carrying {@code token}. */
    private double awaitCopies(FakeSlack slack, FakeDiscord discord, String token, long start) {
        boolean arrived = Bench.await(Duration.ofSeconds(120), 5, () -> {
            for (BenchTrust.School s :
                    trust.schools().subList(1, trust.schools().size())) {
                boolean there = s.slack()
                        ? slack.messages(s.channel(BenchTrust.Purpose.PD)).stream()
                                .anyMatch(m -> m.text() != null && m.text().contains(token))
                        : discord.messages(s.discordChannel(BenchTrust.Purpose.PD)).stream()
                                .anyMatch(m -> m.authorId() == discord.botId()
                                        && m.content().contains(token));
                if (!there) return false;
            }
            return true;
        });
        if (!arrived) throw new AssertionError("longmessage: the copies of " + token + " never arrived within 120 s");
        return Bench.millisSince(start);
    }
}
