package org.staffroom.qotd;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.springframework.scheduling.support.CronExpression;
import org.staffroom.config.Trust;

/**
 * When the question of the day is due on a date in one school's time zone: at {@code time} on
 * {@code days}, or at the first occurrence of {@code cron} that date. Times are local wall-clock
 * times, turned into instants per date and zone, so they stay right across daylight-saving changes
 * whichever date each zone changes on.
 */
record PostingSchedule(
        LocalTime time, Set<DayOfWeek> days, CronExpression cron, LocalTime digestTime, LocalTime catchUpUntil) {

    /** The instants that matter on one school's date. */
    record Window(LocalDate date, LocalTime postTime, Instant due, Instant digestDue, Instant closes) {}

    static PostingSchedule of(Trust.Qotd settings, LocalTime catchUpUntil) {
        CronExpression cron =
                settings.cron() == null || settings.cron().isBlank() ? null : CronExpression.parse(settings.cron());
        return new PostingSchedule(settings.time(), settings.days(), cron, settings.digestTime(), catchUpUntil);
    }

    /** The local time the question is posted on {@code date} in {@code zone}, if that weekday has one. */
    Optional<LocalTime> postTimeOn(LocalDate date, ZoneId zone) {
        if (cron == null) {
            return days.contains(date.getDayOfWeek()) ? Optional.of(time) : Optional.empty();
        }
        ZonedDateTime next = cron.next(date.atStartOfDay(zone).minusNanos(1));
        return next != null && next.toLocalDate().equals(date) ? Optional.of(next.toLocalTime()) : Optional.empty();
    }

    /** The weekdays the school calendar should treat as possible school days. */
    Set<DayOfWeek> calendarDays() {
        // With a cron expression the weekdays are the expression's business; the calendar then only
        // rules out terms and closures.
        return cron == null ? days : EnumSet.allOf(DayOfWeek.class);
    }

    /**
     * The posting window on {@code date}: due at the posting time; the digest (if any) at the
     * digest time or the posting time, whichever is first; a missed post is caught up until the
     * end of the school day ({@code catchUpUntil}), or until midnight if the post is due later.
     */
    Optional<Window> windowOn(LocalDate date, ZoneId zone) {
        return postTimeOn(date, zone).map(t -> {
            LocalTime digest = digestTime.isBefore(t) ? digestTime : t;
            Instant closes = catchUpUntil.isAfter(t)
                    ? ZonedDateTime.of(date, catchUpUntil, zone).toInstant()
                    : date.plusDays(1).atStartOfDay(zone).toInstant();
            return new Window(
                    date,
                    t,
                    ZonedDateTime.of(date, t, zone).toInstant(),
                    ZonedDateTime.of(date, digest, zone).toInstant(),
                    closes);
        });
    }
}
