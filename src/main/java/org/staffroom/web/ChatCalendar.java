package org.staffroom.web;

import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAdjusters;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneOffsetTransitionRule;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.staffroom.pdchat.PdChatSchedule;

/**
 * The PD chat schedule as an iCalendar feed (RFC 5545): one event per chat at its live or next
 * run, a weekly chat as a series ({@code RRULE:FREQ=WEEKLY}) at its local time, with
 * {@code DTSTART;TZID=} and a {@code VTIMEZONE} for each zone used (built from the zone's rules,
 * so calendars keep 19:00 as 19:00 across daylight-saving changes). CRLF line ends; lines longer
 * than 75 octets are folded without splitting a character.
 *
 * <p>Written by hand on purpose (checked against biweekly 0.6.8, which resolves from Maven Central):
 * biweekly's ready-made {@code VTIMEZONE}s are downloaded from tzurl.org, which a server here may not
 * reach, and otherwise it would still need these rules built from the JDK's zones (the ones Staffroom
 * schedules by); its writer also folds at 75 characters, not octets, so Spanish and emoji text would
 * exceed RFC 5545's line limit.
 */
final class ChatCalendar {

    static final String CRLF = "\r\n";
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss");
    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");
    private static final int FOLD_OCTETS = 75;

    private ChatCalendar() {}

    /** Words the calendar uses, in the trust's language. */
    record Words(String calendarName, String hostLabel, String schoolsLabel, String allSchools) {}

    static String ics(
            List<PdChatSchedule.ScheduledChat> chats, String baseUrl, String uidDomain, Instant now, Words words) {
        List<String> lines = new ArrayList<>();
        lines.add("BEGIN:VCALENDAR");
        lines.add("VERSION:2.0");
        lines.add("PRODID:-//Staffroom//PD chats//EN");
        lines.add("CALSCALE:GREGORIAN");
        lines.add("METHOD:PUBLISH");
        lines.add("X-WR-CALNAME:" + text(words.calendarName()));
        Set<ZoneId> zones = new LinkedHashSet<>();
        for (PdChatSchedule.ScheduledChat c : chats) zones.add(c.start().getZone());
        for (ZoneId z : zones) lines.addAll(vtimezone(z, now));
        for (PdChatSchedule.ScheduledChat c : chats) {
            ZonedDateTime start = c.start();
            ZonedDateTime end = c.end() == null || !c.end().isAfter(start)
                    ? start.plusHours(1)
                    : c.end().withZoneSameInstant(start.getZone());
            lines.add("BEGIN:VEVENT");
            lines.add("UID:" + (c.weekly() ? c.chatId() : c.chatId() + "-" + start.toLocalDate()) + "@" + uidDomain);
            lines.add("DTSTAMP:" + UTC.format(now.atOffset(ZoneOffset.UTC)));
            lines.add("DTSTART;TZID=" + start.getZone().getId() + ":" + LOCAL.format(start.toLocalDateTime()));
            if (c.weekly()) {
                // A series keeps its length as a duration, so each week ends the same time after it starts.
                lines.add("DURATION:" + duration(Duration.between(start, end)));
                lines.add("RRULE:FREQ=WEEKLY");
            } else {
                lines.add("DTEND;TZID=" + start.getZone().getId() + ":" + LOCAL.format(end.toLocalDateTime()));
            }
            lines.add("SUMMARY:" + text(c.hashtag() + " · " + c.title()));
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
            lines.add("DESCRIPTION:" + text(d.toString()));
            lines.add("URL:" + baseUrl + "/chats");
            lines.add("STATUS:CONFIRMED");
            lines.add("TRANSP:OPAQUE");
            lines.add("END:VEVENT");
        }
        lines.add("END:VCALENDAR");
        StringBuilder out = new StringBuilder();
        for (String l : lines) out.append(fold(l)).append(CRLF);
        return out.toString();
    }

    /** TEXT values: backslash, semicolon, comma and line breaks escaped (RFC 5545 3.3.11). */
    static String text(String s) {
        return s.replace("\\", "\\\\")
                .replace(";", "\\;")
                .replace(",", "\\,")
                .replace("\r\n", "\\n")
                .replace("\n", "\\n");
    }

    /** Folds a content line into lines of at most 75 octets, continuation lines starting with a space. */
    static String fold(String line) {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= FOLD_OCTETS) return line;
        StringBuilder out = new StringBuilder();
        int limit = FOLD_OCTETS;
        int used = 0;
        for (int i = 0; i < line.length(); ) {
            int cp = line.codePointAt(i);
            int octets = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
            if (used + octets > limit) {
                out.append(CRLF).append(' ');
                used = 1;
                limit = FOLD_OCTETS;
            }
            out.appendCodePoint(cp);
            used += octets;
            i += Character.charCount(cp);
        }
        return out.toString();
    }

    static String duration(Duration d) {
        long minutes = Math.max(1, d.toMinutes());
        long days = minutes / (24 * 60);
        long hours = (minutes % (24 * 60)) / 60;
        long mins = minutes % 60;
        StringBuilder s = new StringBuilder("P");
        if (days > 0) s.append(days).append('D');
        if (hours > 0 || mins > 0) {
            s.append('T');
            if (hours > 0) s.append(hours).append('H');
            if (mins > 0) s.append(mins).append('M');
        }
        return s.toString();
    }

    /** A VTIMEZONE for a zone: its yearly daylight-saving rules, or its one offset if it has none. */
    static List<String> vtimezone(ZoneId zone, Instant now) {
        List<String> out = new ArrayList<>();
        out.add("BEGIN:VTIMEZONE");
        out.add("TZID:" + zone.getId());
        ZoneRules rules = zone.getRules();
        List<ZoneOffsetTransitionRule> yearly = rules.getTransitionRules();
        int year = now.atZone(zone).getYear();
        if (yearly.isEmpty()) {
            ZoneOffset offset = rules.getOffset(now);
            out.add("BEGIN:STANDARD");
            out.add("DTSTART:19700101T000000");
            out.add("TZOFFSETFROM:" + offset(offset));
            out.add("TZOFFSETTO:" + offset(offset));
            out.add("END:STANDARD");
        } else {
            for (ZoneOffsetTransitionRule r : yearly) {
                boolean daylight = r.getOffsetAfter().getTotalSeconds()
                        > r.getStandardOffset().getTotalSeconds();
                ZoneOffsetTransition first = r.createTransition(year - 1);
                out.add(daylight ? "BEGIN:DAYLIGHT" : "BEGIN:STANDARD");
                out.add("TZOFFSETFROM:" + offset(r.getOffsetBefore()));
                out.add("TZOFFSETTO:" + offset(r.getOffsetAfter()));
                out.add("DTSTART:" + LOCAL.format(first.getDateTimeBefore()));
                String rrule = rrule(r, year - 1);
                if (rrule != null) {
                    out.add(rrule);
                } else {
                    // A rule RRULE cannot say exactly: list the next years' changes instead.
                    StringBuilder dates = new StringBuilder("RDATE:");
                    for (int y = year; y <= year + 10; y++) {
                        if (y > year) dates.append(',');
                        dates.append(LOCAL.format(r.createTransition(y).getDateTimeBefore()));
                    }
                    out.add(dates.toString());
                }
                out.add(daylight ? "END:DAYLIGHT" : "END:STANDARD");
            }
        }
        out.add("END:VTIMEZONE");
        return out;
    }

    /** The RRULE for a yearly transition rule, checked against the rule for twenty years; null if it would be wrong. */
    static String rrule(ZoneOffsetTransitionRule r, int fromYear) {
        DayOfWeek dow = r.getDayOfWeek();
        int dom = r.getDayOfMonthIndicator();
        String rule;
        if (dow == null) {
            rule = "RRULE:FREQ=YEARLY;BYMONTH=" + r.getMonth().getValue() + ";BYMONTHDAY=" + dom;
        } else if (dom == -1 || (dom > 0 && dom + 6 == r.getMonth().maxLength())) {
            // tzdb's "lastSun" is compiled as "Sunday on or after the 25th" (of a 31-day month).
            rule = "RRULE:FREQ=YEARLY;BYMONTH=" + r.getMonth().getValue() + ";BYDAY=-1" + day(dow);
        } else if (dom > 0) {
            StringBuilder days = new StringBuilder();
            for (int d = dom; d < dom + 7 && d <= r.getMonth().maxLength(); d++)
                days.append(d == dom ? "" : ",").append(d);
            rule = "RRULE:FREQ=YEARLY;BYMONTH=" + r.getMonth().getValue() + ";BYDAY=" + day(dow) + ";BYMONTHDAY="
                    + days;
        } else {
            return null;
        }
        for (int y = fromYear; y < fromYear + 20; y++) {
            LocalDateTime actual = r.createTransition(y).getDateTimeBefore();
            LocalDate expected;
            if (dow == null) {
                expected = LocalDate.of(y, r.getMonth(), dom);
            } else if (rule.contains("BYDAY=-1")) {
                expected = LocalDate.of(y, r.getMonth(), 1).with(TemporalAdjusters.lastInMonth(dow));
            } else {
                expected = LocalDate.of(y, r.getMonth(), dom).with(TemporalAdjusters.nextOrSame(dow));
            }
            if (!expected.equals(actual.toLocalDate())) return null;
        }
        return rule;
    }

    private static String day(DayOfWeek d) {
        return d.getDisplayName(java.time.format.TextStyle.SHORT, Locale.ENGLISH)
                .substring(0, 2)
                .toUpperCase(Locale.ROOT);
    }

    private static String offset(ZoneOffset o) {
        int total = o.getTotalSeconds();
        String sign = total < 0 ? "-" : "+";
        total = Math.abs(total);
        return String.format("%s%02d%02d", sign, total / 3600, (total % 3600) / 60);
    }
}
