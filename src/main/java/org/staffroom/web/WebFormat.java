package org.staffroom.web;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Locale;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/**
 * Dates and times for the pages ({@code ${@fmt.when(x)}} in templates), in the page's language
 * and the viewer's time zone (their school's; the trust's on public pages).
 */
@Component("fmt")
record WebFormat(WebCallers callers) {

    /** "Wed 25 Nov 2026". */
    public String date(LocalDate date) {
        return date == null
                ? ""
                : DateTimeFormatter.ofPattern("EEE d MMM yyyy", locale()).format(date);
    }

    /** The day of an instant in the viewer's zone: "Wed 25 Nov 2026". */
    public String day(Instant at) {
        return at == null ? "" : date(at.atZone(zone()).toLocalDate());
    }

    /** "25 Nov 2026, 07:00" in the viewer's zone. */
    public String when(Instant at) {
        return at == null
                ? ""
                : DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM, FormatStyle.SHORT)
                        .withLocale(locale())
                        .format(at.atZone(zone()));
    }

    /** A time in its own zone, e.g. a chat's start: "Tue 1 Dec 2026, 19:00". */
    public String zoned(ZonedDateTime at) {
        return at == null
                ? ""
                : DateTimeFormatter.ofPattern("EEE d MMM yyyy, HH:mm", locale()).format(at);
    }

    /** A time of day: "08:15". */
    public String time(LocalTime t) {
        return t == null ? "" : DateTimeFormatter.ofPattern("HH:mm").format(t);
    }

    /** An instant as the time of day in the viewer's zone: "19:05". */
    public String clock(Instant at) {
        return at == null ? "" : DateTimeFormatter.ofPattern("HH:mm").format(at.atZone(zone()));
    }

    /** Days of the week, short and in order, in the page's language: "Mon, Tue, Wed, Thu, Fri". */
    public String days(java.util.Collection<java.time.DayOfWeek> days) {
        if (days == null) return "";
        return days.stream()
                .sorted()
                .map(d -> d.getDisplayName(java.time.format.TextStyle.SHORT, locale()))
                .collect(java.util.stream.Collectors.joining(", "));
    }

    /** A post's text as plain pieces and hashtags (the wall links each tag to the posts carrying it). */
    public java.util.List<Wall.Segment> segments(String text) {
        return Wall.segments(text);
    }

    private ZoneId zone() {
        return callers.zone(SecurityContextHolder.getContext().getAuthentication());
    }

    private static Locale locale() {
        return LocaleContextHolder.getLocale();
    }
}
