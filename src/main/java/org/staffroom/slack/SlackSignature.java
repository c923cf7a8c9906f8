package org.staffroom.slack;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Slack's request signature, checked by us rather than by the SDK: the SDK hashes the body in
 * the JVM's default charset (US-ASCII under LANG=C breaks every accent) and accepts timestamps
 * from the future. Here the HMAC-SHA256 of {@code v0:<timestamp>:<raw body bytes>} is computed
 * over the exact bytes received, compared in constant time, and the timestamp must be within five
 * minutes of now either way.
 */
final class SlackSignature {

    static final Duration WINDOW = Duration.ofMinutes(5);

    private final byte[] secret;

    SlackSignature(String signingSecret) {
        this.secret = signingSecret.getBytes(StandardCharsets.UTF_8);
    }

    /** Why a request was refused, or null when it is genuine and fresh. */
    String refusal(String timestamp, String signature, byte[] body, Instant now) {
        if (timestamp == null || timestamp.isBlank()) return "no X-Slack-Request-Timestamp";
        if (signature == null || !signature.startsWith("v0=")) return "no v0 X-Slack-Signature";
        long seconds;
        try {
            seconds = Long.parseLong(timestamp.trim());
        } catch (NumberFormatException e) {
            return "timestamp is not a number";
        }
        long skew = Math.abs(now.getEpochSecond() - seconds);
        if (skew > WINDOW.toSeconds()) return "timestamp " + skew + " s away from now";
        byte[] expected =
                ("v0=" + HexFormat.of().formatHex(hmac(timestamp.trim(), body))).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, signature.trim().getBytes(StandardCharsets.US_ASCII)))
            return "signature does not match";
        return null;
    }

    private byte[] hmac(String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            mac.update(("v0:" + timestamp + ":").getBytes(StandardCharsets.UTF_8));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
