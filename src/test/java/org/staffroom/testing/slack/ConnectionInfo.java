package org.staffroom.testing.slack;

import java.time.Instant;

/**
 * A Socket Mode connection the fake accepted.
 *
 * @param id         1, 2, … in order of opening
 * @param resource   the path and query the client connected to (carries the ticket)
 * @param openedAt   when the handshake completed
 * @param closedAt   when it closed, or null while open
 * @param closeCode  WebSocket close code (1006 = abnormal, no close frame), or -1 while open
 * @param halfOpen   whether the fake had made it half-open
 */
public record ConnectionInfo(
        int id, String resource, Instant openedAt, Instant closedAt, int closeCode, boolean halfOpen) {

    public boolean open() {
        return closedAt == null;
    }
}
