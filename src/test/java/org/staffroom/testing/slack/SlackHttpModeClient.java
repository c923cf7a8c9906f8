package org.staffroom.testing.slack;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Posts payloads to a bot's HTTP endpoint the way Slack does in HTTP mode: Events API callbacks as JSON,
 * slash commands form-encoded, interactivity as {@code payload=<json>}, each signed with
 * {@code X-Slack-Signature: v0=hex(hmac_sha256(secret, "v0:" + ts + ":" + body))} and
 * {@code X-Slack-Request-Timestamp}; or deliberately mis-signed, to prove the endpoint refuses them.
 */
public final class SlackHttpModeClient {

    /** How a request is signed. */
    public enum Signature {
        /** Correct signature, current timestamp. */
        VALID,
        /** No {@code X-Slack-Signature} header. */
        MISSING,
        /** No {@code X-Slack-Request-Timestamp} header (signature over an empty timestamp). */
        MISSING_TIMESTAMP,
        /** Signed with another secret. */
        WRONG,
        /** Correctly signed, but the timestamp is 6 minutes old (Slack's window is 5). */
        STALE,
        /** Correctly signed, timestamp 10 minutes in the future. */
        FUTURE,
        /** Signed over the body, then one byte of the body changed in transit. */
        BODY_ALTERED
    }

    /** What the endpoint answered. */
    public record Result(int status, String body, Map<String, List<String>> headers) {}

    private final URI endpoint;
    private final String signingSecret;
    private final Clock clock;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    public SlackHttpModeClient(URI endpoint, String signingSecret) {
        this(endpoint, signingSecret, Clock.systemUTC());
    }

    public SlackHttpModeClient(URI endpoint, String signingSecret, Clock clock) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.signingSecret = Objects.requireNonNull(signingSecret, "signingSecret");
        this.clock = clock;
    }

    /** An Events API body ({@code event_callback} or {@code url_verification}) as JSON. */
    public Request event(JsonObject eventCallback) {
        return new Request("application/json", Json.toJson(eventCallback));
    }

    /** A slash command: the flat payload's fields, form-encoded in their order. */
    public Request slashCommand(JsonObject command) {
        return new Request("application/x-www-form-urlencoded", formEncode(command));
    }

    /** An interactive payload (block_actions, view_submission, shortcuts) as {@code payload=<json>}. */
    public Request interactive(JsonObject payload) {
        return new Request(
                "application/x-www-form-urlencoded",
                "payload=" + URLEncoder.encode(Json.toJson(payload), StandardCharsets.UTF_8));
    }

    /** Any body, signed like the others. */
    public Request raw(String contentType, String body) {
        return new Request(contentType, body);
    }

    /** {@code v0=hex(hmac_sha256(secret, "v0:" + timestamp + ":" + body))}, over UTF-8 bytes. */
    public static String sign(String secret, String timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] digest = mac.doFinal(("v0:" + timestamp + ":" + body).getBytes(StandardCharsets.UTF_8));
            StringBuilder hex = new StringBuilder("v0=");
            for (byte b : digest) {
                hex.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
            }
            return hex.toString();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Form-encodes a flat JSON object the way Slack posts slash commands ({@code +} for spaces). */
    public static String formEncode(JsonObject flat) {
        StringJoiner j = new StringJoiner("&");
        for (Map.Entry<String, JsonElement> e : flat.entrySet()) {
            String v = e.getValue().isJsonNull()
                    ? ""
                    : e.getValue().isJsonPrimitive() ? e.getValue().getAsString() : Json.toJson(e.getValue());
            j.add(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                    + URLEncoder.encode(v, StandardCharsets.UTF_8));
        }
        return j.toString();
    }

    /** Changes one ASCII letter or digit near the end, keeping the body well-formed. */
    static String alterOneByte(String body) {
        char[] chars = body.toCharArray();
        for (int i = chars.length - 1; i >= 0; i--) {
            char c = chars[i];
            if (Character.isLetterOrDigit(c) && c < 128) {
                chars[i] = c == 'a' ? 'b' : c == '0' ? '1' : Character.isDigit(c) ? '0' : 'a';
                return new String(chars);
            }
        }
        throw new IllegalArgumentException("no byte to alter in the body");
    }

    /** One request to send; configure the signing and retry headers, then {@link #send()}. */
    public final class Request {
        private final String contentType;
        private final String body;
        private Signature signature = Signature.VALID;
        private final Map<String, String> extraHeaders = new LinkedHashMap<>();

        private Request(String contentType, String body) {
            this.contentType = contentType;
            this.body = body;
        }

        public Request signature(Signature s) {
            this.signature = Objects.requireNonNull(s);
            return this;
        }

        /** Marks the request as Slack's retry: {@code X-Slack-Retry-Num} and {@code X-Slack-Retry-Reason}. */
        public Request retry(int num, String reason) {
            extraHeaders.put("X-Slack-Retry-Num", String.valueOf(num));
            extraHeaders.put("X-Slack-Retry-Reason", reason);
            return this;
        }

        public Request header(String name, String value) {
            extraHeaders.put(name, value);
            return this;
        }

        /** The body as it will be signed (before any alteration). */
        public String body() {
            return body;
        }

        public Result send() {
            long now = clock.instant().getEpochSecond();
            long ts = signature == Signature.STALE ? now - 6 * 60 : signature == Signature.FUTURE ? now + 10 * 60 : now;
            String timestamp = String.valueOf(ts);
            String secret = signature == Signature.WRONG ? signingSecret + "-not" : signingSecret;
            String sig = sign(secret, signature == Signature.MISSING_TIMESTAMP ? "" : timestamp, body);
            String sent = signature == Signature.BODY_ALTERED ? alterOneByte(body) : body;

            HttpRequest.Builder b = HttpRequest.newBuilder(endpoint)
                    .timeout(Duration.ofSeconds(10))
                    .header("Content-Type", contentType)
                    .header("User-Agent", "Slackbot 1.0 (+https://api.slack.com/robots)")
                    .POST(HttpRequest.BodyPublishers.ofString(sent, StandardCharsets.UTF_8));
            if (signature != Signature.MISSING_TIMESTAMP) {
                b.header("X-Slack-Request-Timestamp", timestamp);
            }
            if (signature != Signature.MISSING) {
                b.header("X-Slack-Signature", sig);
            }
            extraHeaders.forEach(b::header);
            try {
                HttpResponse<String> r =
                        http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                return new Result(r.statusCode(), r.body(), r.headers().map());
            } catch (IOException e) {
                throw new IllegalStateException("POST to " + endpoint + " failed", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
    }
}
