package org.staffroom.pdchat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.staffroom.testing.Sample.*;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import org.staffroom.testing.SandboxClient;
import org.staffroom.testing.SandboxClient.Seen;
import org.staffroom.testing.StaffroomEndToEnd;
import org.staffroom.testing.StaffroomTest;
import tools.jackson.databind.json.JsonMapper;

/**
 * A burst of 200 chat messages in 20 seconds from all four schools, on both platforms. After every
 * message the test reads every pd channel as the sandbox shows it and notes each post, edit and
 * deletion the bot made there and when (business time), then checks: no channel ever got more
 * than its platform's rate (Slack a burst of 2, Discord 5, then 1 a second); every message from the other schools
 * arrived in each channel exactly once and in order; none waited more than two seconds.
 */
@StaffroomTest
@TestPropertySource(
        properties = "staffroom.test.context=pdchat") // shares PdChatEndToEndTest's context: its own run, 15 December
class RelayBurstTest extends StaffroomEndToEnd {

    static final List<String> PD = List.of(OAKFIELD_PD, RIVERSIDE_PD, HILLCREST_PD, SEVILLA_PD);
    static final Map<String, String> VIEWER =
            Map.of(OAKFIELD_PD, BEN, RIVERSIDE_PD, DAN, HILLCREST_PD, HARRY, SEVILLA_PD, JAVIER);
    static final Map<String, String> SCHOOL = Map.of(
            OAKFIELD_PD, "Oakfield", RIVERSIDE_PD, "Riverside", HILLCREST_PD, "Hillcrest", SEVILLA_PD, "Sevilla");
    static final Map<String, List<String[]>> PEOPLE = Map.of(
            OAKFIELD_PD,
                    List.of(new String[] {BEN, "Ben Hughes"}, new String[] {AMARA, "Amara Okafor"}, new String[] {
                        LIAM, "Liam O'Neill"
                    }),
            RIVERSIDE_PD,
                    List.of(new String[] {DAN, "Dan Whitfield"}, new String[] {CHLOE, "Chloe Patel"}, new String[] {
                        MAYA, "Maya Singh"
                    }),
            HILLCREST_PD,
                    List.of(new String[] {HARRY, "Harry Jones"}, new String[] {GRACE, "Grace Lin"}, new String[] {
                        OMAR, "Omar Haddad"
                    }),
            SEVILLA_PD, List.of(new String[] {JAVIER, "Javier Moreno"}, new String[] {ISABEL, "Isabel García"}));
    static final Pattern RELAYED =
            Pattern.compile(".+ \\((Oakfield|Riverside|Hillcrest|Sevilla)\\): A1 burst \\d+ #NWTchat");

    static final JsonMapper JSON = JsonMapper.builder().build();

    record Op(String kind, Instant at) {}

    record Sent(int n, String channel, String line, Instant at) {}

    /**
     * What the sandbox holds for each channel, snapshot after snapshot (read from its store, which
     * is quicker than its page's API for 200 snapshots), and the bot's operations told apart from the
     * differences: a new message is a post, a changed one an edit, a removed one a deletion.
     */
    class Recorder {
        final SandboxClient sandbox = new SandboxClient(port);
        final Map<String, Map<Long, String>> shown = new HashMap<>();
        final Map<String, List<Op>> ops = new HashMap<>();
        final Map<String, Instant> firstSeen = new HashMap<>();
        final long baseline;

        Recorder() {
            baseline = jdbc.sql("select coalesce(max(id), 0) from sandbox_message")
                    .query(Long.class)
                    .single();
        }

        void snapshot(Instant at) {
            Map<String, Map<Long, String>> read = new HashMap<>();
            jdbc.sql("""
                    select id, platform, space_id, channel_id, payload, deleted from sandbox_message
                    where bot = true and visible_to is null and id > ? order by id""").param(baseline).query(rs -> {
                String key = rs.getString(2).toLowerCase() + ":" + rs.getString(3) + ":" + rs.getString(4);
                String text = rs.getBoolean(6) ? "<deleted>" : SandboxClient.flatten(JSON.readTree(rs.getString(5)));
                read.computeIfAbsent(key, k -> new LinkedHashMap<>()).put(rs.getLong(1), text);
            });
            for (String pd : PD) {
                Map<Long, String> before = shown.getOrDefault(pd, Map.of());
                Map<Long, String> now = read.getOrDefault(pd, Map.of());
                now.forEach((id, text) -> {
                    String was = before.get(id);
                    if (was == null) ops(pd).add(new Op("post", at));
                    else if (!was.equals(text)) ops(pd).add(new Op(text.equals("<deleted>") ? "delete" : "edit", at));
                    for (String line : text.split("\n")) firstSeen.putIfAbsent(pd + "|" + line, at);
                });
                shown.put(pd, now);
            }
        }

        List<Op> ops(String pd) {
            return ops.computeIfAbsent(pd, k -> new ArrayList<>());
        }

        /** The relayed lines the channel's page shows now, in order. */
        List<String> relayedLines(String pd) {
            List<String> out = new ArrayList<>();
            for (Seen m : sandbox.messages(VIEWER.get(pd), pd)) {
                if (!m.bot() || m.ephemeral() || m.deleted() || m.id() <= baseline) continue;
                for (String line : m.text().split("\n")) {
                    if (RELAYED.matcher(line).matches()) out.add(line);
                }
            }
            return out;
        }
    }

    @Test
    void aBurstIsCoalescedWithinEveryChannelsRateAndNothingIsLostOrLate() {
        Recorder recorder = new Recorder();
        clock.set(Instant.parse("2026-12-15T19:00:00Z"));
        ticker.tickNow();
        settle();
        recorder.snapshot(clock.instant());
        for (String pd : PD)
            assertThat(recorder.ops(pd)).hasSize(2); // the intro and Q1 (the reminders' moments had passed)

        List<Sent> sent = new ArrayList<>();
        Instant start = Instant.parse("2026-12-15T19:01:00Z");
        for (int i = 0; i < 200; i++) {
            Instant at = start.plusMillis(100L * i);
            clock.set(at);
            String pd = PD.get(i % PD.size());
            List<String[]> people = PEOPLE.get(pd);
            String[] who = people.get((i / PD.size()) % people.size());
            String text = "A1 burst " + i + " #NWTchat";
            recorder.sandbox.post(who[0], pd, text);
            settle();
            recorder.snapshot(at);
            sent.add(new Sent(i, pd, who[1] + " (" + SCHOOL.get(pd) + "): " + text, at));
        }
        // The burst is over: the clock moves on a second at a time, as ticks (and the flush timer) do.
        Instant end = sent.get(sent.size() - 1).at();
        for (int s = 1; s <= 5; s++) {
            clock.set(end.plusSeconds(s));
            ticker.tickNow();
            settle();
            recorder.snapshot(clock.instant());
        }

        // A transcript this long is linked rather than pasted into chat.
        recorder.sandbox.command(BEN, OAKFIELD_PD, "/pdchat archive #NWTchat");
        assertThat(recorder.sandbox
                        .lastPrivateAnswer(BEN, OAKFIELD_PD)
                        .orElseThrow()
                        .text())
                .isEqualTo(
                        "The transcript of #NWTchat on 2026-12-15 is too long for a chat message. Read or download it here: "
                                + "http://localhost:" + port + "/pdchat/archives/nwtchat-weekly/2026-12-15.md");
        assertThat(archives.markdown("nwtchat-weekly", java.time.LocalDate.of(2026, 12, 15))
                        .orElseThrow())
                .contains("200 messages from 11 participants at 4 schools.");

        for (String pd : PD) {
            List<Op> ops = recorder.ops(pd);
            org.staffroom.chat.ChannelRate rate =
                    chat.channelRate(org.staffroom.chat.ChannelRef.parse(pd).platform());
            // Within the platform's rate: any run of k operations spans at least (k - burst) / rate seconds.
            for (int i = 0; i < ops.size(); i++) {
                for (int j = i; j < ops.size(); j++) {
                    double seconds =
                            Duration.between(ops.get(i).at(), ops.get(j).at()).toMillis() / 1000.0;
                    assertThat(j - i + 1)
                            .as("%s: operations %d..%d within %.1f s", pd, i, j, seconds)
                            .isLessThanOrEqualTo(rate.burst() + (int) Math.floor(seconds * rate.perSecond() + 1e-9));
                }
            }
            // Everything from the other schools, once each, in order; nothing from the channel's own school.
            List<String> expected = sent.stream()
                    .filter(x -> !x.channel().equals(pd))
                    .map(Sent::line)
                    .toList();
            assertThat(recorder.relayedLines(pd)).as("what %s received", pd).containsExactlyElementsOf(expected);
            // Coalesced: far fewer messages than copies, edited in place.
            assertThat(recorder.shown.get(pd).size()).isLessThan(expected.size() / 4);
            assertThat(ops).anyMatch(o -> o.kind().equals("edit"));
            // Prompt: no copy appeared more than two seconds after its original.
            for (Sent x : sent) {
                if (x.channel().equals(pd)) continue;
                Instant seen = recorder.firstSeen.get(pd + "|" + x.line());
                assertThat(Duration.between(x.at(), seen))
                        .as("delay of message %d in %s", x.n(), pd)
                        .isLessThanOrEqualTo(Duration.ofSeconds(2));
            }
        }
    }

    RelayBurstTest() {
        super(Duration.ofSeconds(10)); // what settle() waits for chat to deliver
    }

    @Autowired
    PdChatArchives archives;

    /** Ends the run, so the chats of tests sharing this context are not disturbed by it. */
    @org.junit.jupiter.api.AfterEach
    void endTheRun() {
        clock.set(Instant.parse("2026-12-15T19:50:00Z"));
        ticker.tickNow();
        settle();
    }
}
