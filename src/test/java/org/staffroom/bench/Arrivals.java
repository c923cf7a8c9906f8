package org.staffroom.bench;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.staffroom.testing.discord.FakeDiscord;
import org.staffroom.testing.discord.RecordedCall;
import org.staffroom.testing.slack.FakeSlack;

/**
 * When each numbered message first reached each channel, read from what the loopback fakes recorded;
 * shared by the relay benches so both time a copy the same way.
 */
final class Arrivals {

    private Arrivals() {}

    /**
     * Per channel ({@code slack:<id>} or {@code discord:<id>}), the first successful post or edit carrying
     * each message number that {@code token} captures as its group 1.
     */
    static Map<String, Map<Integer, Instant>> byChannel(FakeSlack slack, FakeDiscord discord, Pattern token) {
        Map<String, Map<Integer, Instant>> out = new HashMap<>();
        for (org.staffroom.testing.slack.RecordedCall c : slack.calls()) {
            if (!(c.method().equals("chat.postMessage") || c.method().equals("chat.update")) || !c.ok()) continue;
            note(out, token, "slack:" + c.param("channel"), c.param("text") + " " + c.param("blocks"), c.receivedAt());
        }
        for (RecordedCall c : discord.calls()) {
            if (!c.route().startsWith("channels/{channel_id}/messages")
                    || c.method().equals("GET")
                    || c.status() >= 300) continue;
            note(out, token, "discord:" + c.path().split("/")[1], String.valueOf(c.body()), c.receivedAt());
        }
        return out;
    }

    private static void note(
            Map<String, Map<Integer, Instant>> out, Pattern token, String channel, String text, Instant at) {
        Matcher m = token.matcher(text);
        while (m.find())
            out.computeIfAbsent(channel, k -> new HashMap<>()).putIfAbsent(Integer.parseInt(m.group(1)), at);
    }
}
