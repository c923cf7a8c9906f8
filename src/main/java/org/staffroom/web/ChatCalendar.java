package org.staffroom.web;

import biweekly.ICalVersion;
import biweekly.ICalendar;
import biweekly.component.DaylightSavingsTime;
import biweekly.component.Observance;
import biweekly.component.StandardTime;
import biweekly.component.VEvent;
import biweekly.component.VTimezone;
import biweekly.io.TimezoneAssignment;
import biweekly.io.TimezoneInfo;
import biweekly.io.scribe.property.TextPropertyScribe;
import biweekly.io.text.ICalWriter;
import biweekly.property.CalendarScale;
import biweekly.property.Method;
import biweekly.property.RecurrenceDates;
import biweekly.property.Status;
import biweekly.property.TextProperty;
import biweekly.property.Transparency;
import biweekly.util.DateTimeComponents;
import biweekly.util.Frequency;
import biweekly.util.ICalDate;
import biweekly.util.Recurrence;
import biweekly.util.UtcOffset;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.time.zone.ZoneOffsetTransitionRule;
import java.time.zone.ZoneRules;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import java.util.stream.IntStream;
import org.staffroom.pdchat.PdChatSchedule;

/**
 * The PD chat schedule as an iCalendar feed (RFC 5545), written with biweekly: one event per chat
 * at its live or next run, a weekly chat as a series ({@code RRULE:FREQ=WEEKLY}) at its local
 * time, with {@code DTSTART;TZID=} and a {@code VTIMEZONE} for each zone used, so calendars keep
 * 19:00 as 19:00 across daylight-saving changes.
 *
 * <p>Two things biweekly would do differently are done here. Its ready-made {@code VTIMEZONE}s are
 * downloaded from tzurl.org, which a school's server may not reach, so they are built from the
 * JDK's {@link ZoneRules} (the rules Staffroom schedules by). And its writer folds at 75
 * characters, while RFC 5545 counts octets: Spanish text and emoji would overflow the line, so
 * lines are folded by octets after it.
 */
final class ChatCalendar {

    static final String CRLF = "\r\n";
    private static final int FOLD_OCTETS = 75;
    /** Years of changes listed when a zone's yearly rule has no exact RRULE. */
    private static final int LISTED_YEARS = 10;
    /** Years a yearly RRULE is checked against the zone's rule before it is trusted. */
    private static final int CHECKED_YEARS = 20;

    private ChatCalendar() {}

    /** Words the calendar uses, in the trust's language. */
    record Words(String calendarName, String hostLabel, String schoolsLabel, String allSchools) {}

    static String ics(
            List<PdChatSchedule.ScheduledChat> chats, String baseUrl, String uidDomain, Instant now, Words words) {
        ICalendar calendar = new ICalendar();
        calendar.setProductId("-//Staffroom//PD chats//EN");
        calendar.setCalendarScale(CalendarScale.gregorian());
        calendar.setMethod(Method.publish());
        calendar.addProperty(new CalendarName(words.calendarName()));
        TimezoneInfo timezones = calendar.getTimezoneInfo();
        Map<ZoneId, TimezoneAssignment> zones = new LinkedHashMap<>();
        for (PdChatSchedule.ScheduledChat c : chats) {
            ZonedDateTime start = c.start();
            ZonedDateTime end = c.end() == null || !c.end().isAfter(start)
                    ? start.plusHours(1)
                    : c.end().withZoneSameInstant(start.getZone());
            TimezoneAssignment zone = zones.computeIfAbsent(
                    start.getZone(), z -> new TimezoneAssignment(TimeZone.getTimeZone(z), vtimezone(z, now)));
            VEvent event = new VEvent();
            event.setUid((c.weekly() ? c.chatId() : c.chatId() + "-" + start.toLocalDate()) + "@" + uidDomain);
            event.setDateTimeStamp(Date.from(now));
            timezones.setTimezone(event.setDateStart(Date.from(start.toInstant())), zone);
            if (c.weekly()) {
                // A series keeps its length as a duration, so each week ends the same time after it starts.
                event.setDuration(duration(Duration.between(start, end)));
                event.setRecurrenceRule(new Recurrence.Builder(Frequency.WEEKLY).build());
            } else {
                timezones.setTimezone(event.setDateEnd(Date.from(end.toInstant())), zone);
            }
            event.setSummary(c.hashtag() + " · " + c.title());
            StringBuilder d = new StringBuilder(words.hostLabel())
                    .append(": ")
                    .append(c.hostName())
                    .append('\n')
                    .append(words.schoolsLabel())
                    .append(": ")
                    .append(c.allSchools() ? words.allSchools() : String.join(", ", c.schoolNames()))
                    .append('\n')
                    .append(c.rhythm())
                    .append('\n');
            for (int i = 0; i < c.questions().size(); i++)
                d.append('\n')
                        .append("Q")
                        .append(i + 1)
                        .append(": ")
                        .append(c.questions().get(i));
            event.setDescription(d.toString());
            event.setUrl(baseUrl + "/chats");
            event.setStatus(Status.confirmed());
            event.setTransparency(Transparency.opaque());
            calendar.addEvent(event);
        }
        return write(calendar);
    }

    /** The calendar as text: biweekly writes and escapes, the lines are folded by octets. */
    static String write(ICalendar calendar) {
        StringWriter text = new StringWriter();
        try (ICalWriter writer = new ICalWriter(text, ICalVersion.V2_0)) {
            writer.registerScribe(new CalendarNameScribe());
            writer.getVObjectWriter().getFoldedLineWriter().setLineLength(null);
            writer.write(calendar);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        StringBuilder out = new StringBuilder();
        for (String line : text.toString().split(CRLF)) out.append(fold(line)).append(CRLF);
        return out.toString();
    }

    /** Folds a content line into lines of at most 75 octets, continuation lines starting with a space. */
    static String fold(String line) {
        if (line.getBytes(StandardCharsets.UTF_8).length <= FOLD_OCTETS) return line;
        StringBuilder out = new StringBuilder();
        int used = 0;
        for (int i = 0; i < line.length(); ) {
            int cp = line.codePointAt(i);
            int octets = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
            if (used + octets > FOLD_OCTETS) {
                out.append(CRLF).append(' ');
                used = 1;
            }
            out.appendCodePoint(cp);
            used += octets;
            i += Character.charCount(cp);
        }
        return out.toString();
    }

    static biweekly.util.Duration duration(Duration d) {
        long minutes = Math.max(1, d.toMinutes());
        int days = (int) (minutes / (24 * 60));
        int hours = (int) ((minutes % (24 * 60)) / 60);
        int mins = (int) (minutes % 60);
        return new biweekly.util.Duration.Builder()
                .days(days > 0 ? days : null)
                .hours(hours > 0 ? hours : null)
                .minutes(mins > 0 ? mins : null)
                .build();
    }

    /** A VTIMEZONE for a zone: its yearly daylight-saving rules, or its one offset if it has none. */
    static VTimezone vtimezone(ZoneId zone, Instant now) {
        VTimezone component = new VTimezone(zone.getId());
        ZoneRules rules = zone.getRules();
        int year = now.atZone(zone).getYear();
        if (rules.getTransitionRules().isEmpty()) {
            ZoneOffset offset = rules.getOffset(now);
            StandardTime standard = new StandardTime();
            standard.setDateStart(new DateTimeComponents(1970, 1, 1, 0, 0, 0, false));
            standard.setTimezoneOffsetFrom(offset(offset));
            standard.setTimezoneOffsetTo(offset(offset));
            component.addStandardTime(standard);
            return component;
        }
        for (ZoneOffsetTransitionRule r : rules.getTransitionRules()) {
            boolean daylight =
                    r.getOffsetAfter().getTotalSeconds() > r.getStandardOffset().getTotalSeconds();
            Observance change = daylight ? new DaylightSavingsTime() : new StandardTime();
            change.setTimezoneOffsetFrom(offset(r.getOffsetBefore()));
            change.setTimezoneOffsetTo(offset(r.getOffsetAfter()));
            change.setDateStart(local(r.createTransition(year - 1).getDateTimeBefore()));
            Recurrence yearly = yearly(r, year - 1);
            if (yearly != null) {
                change.setRecurrenceRule(yearly);
            } else {
                // A rule RRULE cannot say exactly: list the next years' changes instead.
                RecurrenceDates dates = new RecurrenceDates();
                for (int y = year; y <= year + LISTED_YEARS; y++)
                    dates.getDates()
                            .add(new ICalDate(local(r.createTransition(y).getDateTimeBefore()), true));
                change.addRecurrenceDates(dates);
            }
            if (change instanceof DaylightSavingsTime summer) component.addDaylightSavingsTime(summer);
            else component.addStandardTime((StandardTime) change);
        }
        return component;
    }

    /** The yearly recurrence of a transition rule, checked against the rule for twenty years; null if it would be wrong. */
    static Recurrence yearly(ZoneOffsetTransitionRule r, int fromYear) {
        DayOfWeek dow = r.getDayOfWeek();
        int dom = r.getDayOfMonthIndicator();
        int month = r.getMonth().getValue();
        Recurrence.Builder rule = new Recurrence.Builder(Frequency.YEARLY).byMonth(month);
        boolean last = false;
        if (dow == null) {
            rule.byMonthDay(dom);
        } else if (dom == -1 || (dom > 0 && dom + 6 == r.getMonth().maxLength())) {
            // tzdb's "lastSun" is compiled as "Sunday on or after the 25th" (of a 31-day month).
            rule.byDay(-1, day(dow));
            last = true;
        } else if (dom > 0) {
            rule.byDay(day(dow))
                    .byMonthDay(
                            IntStream.range(dom, Math.min(dom + 7, r.getMonth().maxLength() + 1))
                                    .boxed()
                                    .toList());
        } else {
            return null;
        }
        for (int y = fromYear; y < fromYear + CHECKED_YEARS; y++) {
            LocalDateTime actual = r.createTransition(y).getDateTimeBefore();
            LocalDate expected;
            if (dow == null) {
                expected = LocalDate.of(y, r.getMonth(), dom);
            } else if (last) {
                expected = LocalDate.of(y, r.getMonth(), 1).with(TemporalAdjusters.lastInMonth(dow));
            } else {
                expected = LocalDate.of(y, r.getMonth(), dom).with(TemporalAdjusters.nextOrSame(dow));
            }
            if (!expected.equals(actual.toLocalDate())) return null;
        }
        return rule.build();
    }

    private static biweekly.util.DayOfWeek day(DayOfWeek d) {
        return biweekly.util.DayOfWeek.valueOfAbbr(d.name().substring(0, 2));
    }

    /** A local (floating) date-time, as observances in a VTIMEZONE are written. */
    private static DateTimeComponents local(LocalDateTime t) {
        return new DateTimeComponents(
                t.getYear(), t.getMonthValue(), t.getDayOfMonth(), t.getHour(), t.getMinute(), t.getSecond(), false);
    }

    private static UtcOffset offset(ZoneOffset o) {
        return new UtcOffset(o.getTotalSeconds() * 1000L);
    }

    /** {@code X-WR-CALNAME}, the name calendar apps show for a subscribed feed. */
    static final class CalendarName extends TextProperty {
        CalendarName(String name) {
            super(name);
        }
    }

    /** Writes {@link CalendarName} as TEXT, escaped like any other. */
    private static final class CalendarNameScribe extends TextPropertyScribe<CalendarName> {
        CalendarNameScribe() {
            super(CalendarName.class, "X-WR-CALNAME");
        }

        @Override
        protected CalendarName newInstance(String value, ICalVersion version) {
            return new CalendarName(value);
        }
    }
}
