package org.staffroom.qotd;

import java.util.Locale;

/** A question a teacher suggested, waiting for (or decided by) a coordinator. */
record Suggestion(
        long id,
        String text,
        String category,
        String suggestedBy,
        String suggesterName,
        String suggesterUser,
        String schoolId,
        Locale locale,
        State state,
        String decidedBy,
        String questionId) {

    enum State {
        PENDING,
        APPROVED,
        DECLINED
    }
}
