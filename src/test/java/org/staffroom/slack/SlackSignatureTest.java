package org.staffroom.slack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.staffroom.testing.slack.SlackHttpModeClient;

/** Our own check of Slack's signature: exact bytes as UTF-8, constant-time, ±5 minutes. */
class SlackSignatureTest {

    private static final String SECRET = "8f14e45fceea167a5a36dedd4bea2543";
    private static final Instant NOW = Instant.parse("2026-11-25T07:00:00Z");
    private final SlackSignature signature = new SlackSignature(SECRET);

    private String ts(long offsetSeconds) {
        return Long.toString(NOW.getEpochSecond() + offsetSeconds);
    }

    private String refusal(String ts, String body) {
        return signature.refusal(
                ts, SlackHttpModeClient.sign(SECRET, ts, body), body.getBytes(StandardCharsets.UTF_8), NOW);
    }

    @Test
    void aGenuineRequestPassesWhateverItsCharacters() {
        assertThat(refusal(ts(0), "{\"text\":\"Café ☕ ¡sí!\"}")).isNull();
        assertThat(refusal(ts(-299), "token=x&text=hello")).isNull();
        assertThat(refusal(ts(299), "token=x&text=hello")).isNull();
    }

    @Test
    void theWindowIsFiveMinutesEitherWay() {
        assertThat(refusal(ts(-301), "a=b")).contains("301 s away");
        assertThat(refusal(ts(600), "a=b")).contains("600 s away");
    }

    @Test
    void anythingElseIsRefused() {
        String body = "payload=%7B%7D";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String good = SlackHttpModeClient.sign(SECRET, ts(0), body);
        assertThat(signature.refusal(ts(0), SlackHttpModeClient.sign("other", ts(0), body), bytes, NOW))
                .contains("does not match");
        assertThat(signature.refusal(ts(0), good, "payload=%7B%7E".getBytes(StandardCharsets.UTF_8), NOW))
                .contains("does not match");
        assertThat(signature.refusal(ts(1), good, bytes, NOW)).contains("does not match");
        assertThat(signature.refusal(null, good, bytes, NOW)).isNotNull();
        assertThat(signature.refusal(ts(0), null, bytes, NOW)).isNotNull();
        assertThat(signature.refusal("soon", good, bytes, NOW)).isNotNull();
        assertThat(signature.refusal(ts(0), good.replace("v0=", "v1="), bytes, NOW))
                .isNotNull();
    }
}
