package org.staffroom.testing.slack;

import com.google.gson.JsonObject;
import java.time.Duration;
import java.time.Instant;

/**
 * An acknowledgement the client sent for an envelope.
 *
 * @param envelopeId   the envelope acked
 * @param payload      the {@code payload} of the ack, or null for a bare {@code {"envelope_id":…}}
 * @param raw          the ack frame exactly as received
 * @param receivedAt   when it arrived (fake's clock)
 * @param latency      time from sending the envelope to receiving the ack (monotonic clock)
 * @param connectionId the socket it came on
 */
public record Ack(
        String envelopeId, JsonObject payload, String raw, Instant receivedAt, Duration latency, int connectionId) {

    public boolean hasPayload() {
        return payload != null;
    }
}
