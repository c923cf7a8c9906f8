package org.staffroom.pdchat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.staffroom.config.PdChatDef;

/**
 * When each part of one run of a chat happens. Live: Q1 at the start, then one question every
 * {@code interval} minutes, open {@code duration-after-last} minutes after the last. Slow: one
 * question a day at the start's local time, on days that are school days for a participating
 * school (the first included: a start on a Saturday moves to the next school day), open until
 * the school day after the last. Weekly runs keep the local wall-clock time in the chat's
 * zone across daylight-saving changes.
 */
record ChatPlan(Instant start, List<Instant> questions, Instant end) {

    static final Duration DAY_REMINDER = Duration.ofHours(24);
    static final Duration SOON_REMINDER = Duration.ofMinutes(15);
    private static final int LONGEST_GAP_DAYS = 60;

    ChatPlan {
        questions = List.copyOf(questions);
    }

    Instant remindDay() {
        return start.minus(DAY_REMINDER);
    }

    Instant remindSoon() {
        return start.minus(SOON_REMINDER);
    }

    /** When question {@code n} (1-based) stops being the current one: the next question, or the end. */
    Instant slotEnd(int n) {
        return n < questions.size() ? questions.get(n) : end;
    }

    /** The plan of a run starting at {@code start}; {@code questionDay} says which dates a slow chat may use. */
    static ChatPlan of(PdChatDef def, ZonedDateTime start, int questionCount, Predicate<LocalDate> questionDay) {
        List<Instant> times = new ArrayList<>();
        if (def.mode() == PdChatDef.Mode.SLOW) {
            LocalDate day = start.toLocalDate();
            LocalTime time = start.toLocalTime();
            Instant first = start.toInstant();
            if (!questionDay.test(day)) {
                day = nextQuestionDay(day, questionDay);
                first = ZonedDateTime.of(day, time, start.getZone()).toInstant();
            }
            times.add(first);
            for (int i = 1; i < questionCount; i++) {
                day = nextQuestionDay(day, questionDay);
                times.add(ZonedDateTime.of(day, time, start.getZone()).toInstant());
            }
            // Open until the next school day, so the wrap-up never lands on a weekend or holiday either.
            Instant end = ZonedDateTime.of(nextQuestionDay(day, questionDay), time, start.getZone())
                    .toInstant();
            return new ChatPlan(first, times, end);
        }
        for (int i = 0; i < questionCount; i++) {
            times.add(start.toInstant().plus(Duration.ofMinutes((long) def.intervalMinutes() * i)));
        }
        Instant last = times.isEmpty() ? start.toInstant() : times.get(times.size() - 1);
        return new ChatPlan(start.toInstant(), times, last.plus(Duration.ofMinutes(def.minutesOpenAfterLast())));
    }

    /** The scheduled start of the run on {@code date}: the chat's local time that day, in its zone. */
    static ZonedDateTime scheduledStart(PdChatDef def, LocalDate date) {
        return ZonedDateTime.of(date, def.start().toLocalTime(), def.zone());
    }

    /** Dates of runs whose scheduled start falls in [{@code from}, {@code to}]. */
    static List<LocalDate> runDates(PdChatDef def, Instant from, Instant to) {
        List<LocalDate> out = new ArrayList<>();
        ZoneId zone = def.zone();
        LocalDate first = def.start().toLocalDate();
        if (def.repeat() != PdChatDef.Repeat.WEEKLY) {
            Instant s = scheduledStart(def, first).toInstant();
            if (!s.isBefore(from) && !s.isAfter(to)) out.add(first);
            return out;
        }
        LocalDate fromDate = from.atZone(zone).toLocalDate().minusDays(1);
        long weeks = Math.max(
                0,
                Duration.between(first.atStartOfDay(), fromDate.atStartOfDay()).toDays() / 7);
        for (LocalDate d = first.plusWeeks(weeks); ; d = d.plusWeeks(1)) {
            Instant s = scheduledStart(def, d).toInstant();
            if (s.isAfter(to)) break;
            if (!s.isBefore(from)) out.add(d);
        }
        return out;
    }

    private static LocalDate nextQuestionDay(LocalDate after, Predicate<LocalDate> questionDay) {
        for (int i = 1; i <= LONGEST_GAP_DAYS; i++) {
            LocalDate d = after.plusDays(i);
            if (questionDay.test(d)) return d;
        }
        return after.plusDays(1); // no school day in sight (a config gap): keep going daily
    }
}
