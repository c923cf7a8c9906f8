package org.staffroom.qotd;

import java.time.Instant;

/** A reply in a question's thread, filed under the school whose thread it was given in. */
record Answer(
        long id,
        String messageKey,
        long postId,
        long promptId,
        String schoolId,
        String platform,
        String authorKey,
        String authorName,
        String userKey,
        String text,
        Instant answeredAt,
        Instant editedAt,
        boolean deleted) {

    /** The delivery key of this answer's copy in another school's thread. */
    String relayKey(String toSchoolId) {
        return "qotd:relay:" + id + ":" + toSchoolId;
    }
}
