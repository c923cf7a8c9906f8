package org.staffroom.qotd;

import java.time.LocalDate;

/**
 * Something asked across schools: the trust-wide question of a date (DAILY) or a question a
 * coordinator posted now (NOW). {@code questionId} is null for a coordinator's own words.
 */
record Prompt(
        long id,
        String key,
        Kind kind,
        LocalDate date,
        String questionId,
        String text,
        String category,
        Integer cycle,
        Reason reason) {

    enum Kind {
        DAILY,
        NOW
    }

    /** Why this question: pinned to the date, the rotation's pick, or a coordinator's own words. */
    enum Reason {
        PINNED,
        ROTATION,
        ADHOC
    }

    static String dailyKey(LocalDate date) {
        return "daily:" + date;
    }
}
