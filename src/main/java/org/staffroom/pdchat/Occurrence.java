package org.staffroom.pdchat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.staffroom.config.PdChatDef;

/** One run of a chat, as recorded: its plan in force, the schools taking part and how far it got. */
record Occurrence(
        long id,
        String chatId,
        LocalDate date,
        String hashtag,
        String title,
        String hostKey,
        String hostName,
        ZoneId zone,
        PdChatDef.Mode mode,
        int intervalMinutes,
        List<String> schoolIds,
        Instant startsAt,
        Instant endsAt,
        State state,
        boolean manual) {

    enum State {
        SCHEDULED,
        LIVE,
        ARCHIVED,
        MISSED
    }

    Occurrence {
        schoolIds = List.copyOf(schoolIds);
    }

    /** True while messages are captured: between the start and the end, unless it is over. */
    boolean capturing(Instant at) {
        Instant t = OccurrenceStore.precise(at);
        return (state == State.SCHEDULED || state == State.LIVE) && !t.isBefore(startsAt) && t.isBefore(endsAt);
    }

    /**
     * The day the run actually started, in its zone: what its archive is filed under (a run started
     * early by hand keeps {@link #date()}, its place in the schedule, but ran on this day).
     */
    LocalDate ranOn() {
        return startsAt.atZone(zone).toLocalDate();
    }

    boolean finished() {
        return state == State.ARCHIVED || state == State.MISSED;
    }

    /** A question of this run. */
    record Question(int number, String text, Instant dueAt) {}
}
