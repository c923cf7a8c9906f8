package org.staffroom.chat;

import java.time.Instant;

/**
 * An inbound event a feature failed to handle, as admins see it: which event, how many tries, the
 * last error (listener and exception, never what people wrote) and when it is tried next.
 */
public record InboundFailure(
        long id,
        String eventKey,
        String platform,
        String kind,
        int attempts,
        String error,
        Instant receivedAt,
        Instant lastAttemptAt,
        Instant nextAttemptAt) {

    /** True while the inbox will try it again by itself. */
    public boolean retrying() {
        return nextAttemptAt != null;
    }
}
