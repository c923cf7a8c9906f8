package org.staffroom.qotd;

import java.time.LocalDate;

/** A prompt posted in one school's qotd channel; {@code claimKey} is also its delivery key. */
record Post(long id, String claimKey, long promptId, String schoolId, LocalDate date, Prompt.Kind kind) {

    /** The delivery key, and unique claim, of a school's daily question: {@code qotd:<date>:<school>}. */
    static String dailyKey(LocalDate date, String schoolId) {
        return "qotd:" + date + ":" + schoolId;
    }

    static String nowKey(long promptId, String schoolId) {
        return "qotd:now:" + promptId + ":" + schoolId;
    }
}
