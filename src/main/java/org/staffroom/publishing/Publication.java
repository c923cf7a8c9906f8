package org.staffroom.publishing;

import java.time.Instant;

/**
 * One post on one network: its outbox row.
 *
 * @param state see {@link State}
 */
public record Publication(
        long id,
        long draftId,
        String network,
        String owner,
        String key,
        State state,
        Instant dueAt,
        int attempts,
        Instant nextAttemptAt,
        Instant claimedAt,
        String claimedBy,
        String lastError,
        Instant firstAttemptAt,
        String remoteId,
        String remoteUrl,
        Instant publishedAt,
        String takedownReason,
        Instant takenDownAt,
        Instant remindedAt,
        String doneBy) {

    /** Where a publication is. SCHEDULED and TAKING_DOWN are the outbox's work; MANUAL is an open item. */
    public enum State {
        SCHEDULED,
        PUBLISHED,
        FAILED,
        CANCELLED,
        TAKING_DOWN,
        DELETED,
        MANUAL,
        DONE;

        /** Still to go out (and so it can be rescheduled or cancelled). */
        public boolean pending() {
            return this == SCHEDULED || this == FAILED;
        }
    }
}
