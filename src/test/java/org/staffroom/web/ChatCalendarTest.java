package org.staffroom.web;

import static org.assertj.core.api.Assertions.assertThat;

import biweekly.Biweekly;
import biweekly.ICalendar;
import biweekly.component.VEvent;
import biweekly.io.ICalTimeZone;
import biweekly.util.com.google.ical.compat.javautil.DateIterator;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.zone.ZoneRules;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.TimeZone;
import org.junit.jupiter.api.Test;
import org.staffroom.pdchat.PdChatSchedule;

/**
 * The iCalendar writer on its own (RFC 5545): line folding by octets without splitting a
 * character, TEXT escaping, time zones from the zone rules (European last Sundays, American
 * second Sundays, zones without daylight saving) and a weekly series as RRULE with a duration.
 * The same checks serve the HTTP test of {@code /chats.ics}.
 */
class ChatCalendarTest {

    static final Instant NOW = Instant.parse("2026-11-25T07:00:00Z");

    @Test
    void longLinesFoldAt75OctetsWithoutSplittingACharacter() {
        String line = "DESCRIPTION:" + "Añadir una pregunta sobre la lectura 📚 y el bienestar, ".repeat(6);
        String folded = ChatCalendar.fold(line);
        for (String physical : folded.split("\r\n")) {
            assertThat(physical.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(75);
        }
        assertThat(folded.replace("\r\n ", "")).isEqualTo(line);
        assertThat(ChatCalendar.fold("SUMMARY:short")).isEqualTo("SUMMARY:short");
    }

    @Test
    void textValuesEscapeWhatICalendarReserves() {
        ICalendar calendar = new ICalendar();
        VEvent event = new VEvent();
        event.setSummary("Q1: a, b; c\\d\nnext");
        calendar.addEvent(event);

        assertThat(unfold(ChatCalendar.write(calendar))).contains("SUMMARY:Q1: a\\, b\\; c\\\\d\\nnext");
    }

    @Test
    void timeZonesFollowTheZoneRules() {
        assertThat(vtimezone("Europe/London"))
                .contains(
                        "TZID:Europe/London",
                        "BEGIN:DAYLIGHT\nTZOFFSETFROM:+0000\nTZOFFSETTO:+0100\nDTSTART:20250330T010000\nRRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3",
                        "BEGIN:STANDARD\nTZOFFSETFROM:+0100\nTZOFFSETTO:+0000\nDTSTART:20251026T020000\nRRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10");
        assertThat(vtimezone("Europe/Madrid"))
                .contains("TZOFFSETFROM:+0100\nTZOFFSETTO:+0200\nDTSTART:20250330T020000");
        assertThat(vtimezone("America/New_York"))
                .contains(
                        "TZOFFSETFROM:-0500\nTZOFFSETTO:-0400\nDTSTART:20250309T020000\nRRULE:FREQ=YEARLY;BYDAY=SU;BYMONTHDAY=8,9,10,11,12,13,14;BYMONTH=3");
        assertThat(vtimezone("Asia/Tokyo"))
                .contains("BEGIN:STANDARD\nDTSTART:19700101T000000\nTZOFFSETFROM:+0900\nTZOFFSETTO:+0900")
                .doesNotContain("DAYLIGHT");
    }

    @Test
    void aWeeklyChatIsASeriesAndAOneOffChatHasAnEnd() {
        ZoneId london = ZoneId.of("Europe/London");
        ZonedDateTime start = ZonedDateTime.of(2026, 12, 1, 19, 0, 0, 0, london);
        PdChatSchedule.ScheduledChat weekly = new PdChatSchedule.ScheduledChat(
                "nwtchat-weekly",
                "#NWTchat",
                "Feedback, marking; and more",
                "Farid Rahman",
                "Europe/London",
                true,
                false,
                10,
                "one every 10 minutes",
                List.of("What works?", "What next?"),
                List.of("Oakfield", "Riverside"),
                true,
                false,
                start,
                start.plusMinutes(50));
        ZonedDateTime once = ZonedDateTime.of(2026, 12, 10, 17, 0, 0, 0, ZoneId.of("Europe/Madrid"));
        PdChatSchedule.ScheduledChat oneOff = new PdChatSchedule.ScheduledChat(
                "sciencechat",
                "#ScienceChat",
                "Practicals",
                "Farid Rahman",
                "Europe/Madrid",
                false,
                false,
                10,
                "one every 10 minutes",
                List.of("Which practical?"),
                List.of("Sevilla"),
                false,
                false,
                once,
                once.plusMinutes(20));
        String ics = ChatCalendar.ics(
                List.of(weekly, oneOff),
                "https://staffroom.example.org",
                "staffroom.example.org",
                NOW,
                new ChatCalendar.Words("Northwold PD chats", "Host", "Schools", "All schools"));
        assertWellFormed(ics);
        List<String> lines = unfold(ics);
        List<List<String>> events = components(lines, "VEVENT");
        assertThat(events).hasSize(2);
        assertThat(events.get(0))
                .contains(
                        "UID:nwtchat-weekly@staffroom.example.org",
                        "DTSTAMP:20261125T070000Z",
                        "DTSTART;TZID=Europe/London:20261201T190000",
                        "DURATION:PT50M",
                        "RRULE:FREQ=WEEKLY",
                        "SUMMARY:#NWTchat · Feedback\\, marking\\; and more",
                        "DESCRIPTION:Host: Farid Rahman\\nSchools: All schools\\none every 10 minutes\\n\\nQ1: What works?\\nQ2: What next?");
        assertThat(events.get(1))
                .contains(
                        "UID:sciencechat-2026-12-10@staffroom.example.org",
                        "DTSTART;TZID=Europe/Madrid:20261210T170000",
                        "DTEND;TZID=Europe/Madrid:20261210T172000")
                .noneMatch(l -> l.startsWith("RRULE"));
        assertThat(components(lines, "VTIMEZONE")).hasSize(2);
        assertThat(parse("DTSTART;TZID=Europe/London:20261201T190000").toInstant())
                .isEqualTo(Instant.parse("2026-12-01T19:00:00Z"));
    }

    /**
     * What a calendar app reads back (biweekly's parser, with the feed's own VTIMEZONEs rather than
     * the JDK's zones): a weekly chat at 19:00 in London stays at 19:00 on both sides of the clock
     * change, and each zone's offsets match the JDK's rules day by day for two years, so every
     * change falls on the right day. (The day of a change itself is left out: biweekly's own
     * {@code ICalTimeZone}, used here as the reader, picks the wrong side of a change for some hours
     * of that day (seen for London, whose rules it reads as written here); the exact hour of each change is in
     * {@link #timeZonesFollowTheZoneRules()}.)
     */
    @Test
    void aCalendarAppReadsTheSeriesAtSevenInLondonAcrossTheClockChange() {
        ZoneId london = ZoneId.of("Europe/London");
        ZonedDateTime start = ZonedDateTime.of(2026, 12, 1, 19, 0, 0, 0, london);
        ZonedDateTime once = ZonedDateTime.of(2027, 7, 6, 16, 30, 0, 0, ZoneId.of("America/New_York"));
        String ics = ChatCalendar.ics(
                List.of(
                        chat("nwtchat-weekly", true, start),
                        chat("sciencechat", false, once),
                        chat(
                                "ozchat",
                                false,
                                ZonedDateTime.of(2027, 1, 12, 20, 0, 0, 0, ZoneId.of("Australia/Sydney")))),
                "https://staffroom.example.org",
                "staffroom.example.org",
                NOW,
                new ChatCalendar.Words("Northwold PD chats", "Host", "Schools", "All schools"));

        ICalendar parsed = Biweekly.parse(ics).first();
        VEvent weekly = parsed.getEvents().get(0);
        TimeZone feedLondon =
                parsed.getTimezoneInfo().getTimezone(weekly.getDateStart()).getTimeZone();
        assertThat(feedLondon).isInstanceOf(ICalTimeZone.class);
        assertThat(weekly.getDateStart().getValue().toInstant()).isEqualTo(Instant.parse("2026-12-01T19:00:00Z"));
        List<ZonedDateTime> runs = new ArrayList<>();
        DateIterator it = weekly.getDateIterator(feedLondon);
        for (int week = 0; week < 30 && it.hasNext(); week++)
            runs.add(it.next().toInstant().atZone(london));
        assertThat(runs).hasSize(30).allSatisfy(run -> {
            assertThat(run.toLocalTime()).isEqualTo(java.time.LocalTime.of(19, 0));
            assertThat(run.getDayOfWeek()).isEqualTo(java.time.DayOfWeek.TUESDAY);
        });
        // 19:00 GMT in winter, 19:00 BST (18:00 UTC) once the clocks have gone forward on 28 March 2027.
        assertThat(runs.get(16).toInstant()).isEqualTo(Instant.parse("2027-03-23T19:00:00Z"));
        assertThat(runs.get(17).toInstant()).isEqualTo(Instant.parse("2027-03-30T18:00:00Z"));

        VEvent oneOff = parsed.getEvents().get(1);
        assertThat(oneOff.getDateStart().getValue().toInstant()).isEqualTo(Instant.parse("2027-07-06T20:30:00Z"));
        assertThat(oneOff.getDateEnd().getValue().toInstant()).isEqualTo(Instant.parse("2027-07-06T20:50:00Z"));
        // Sydney keeps summer time in January: 20:00 AEDT is 09:00 UTC.
        assertThat(parsed.getEvents().get(2).getDateStart().getValue().toInstant())
                .isEqualTo(Instant.parse("2027-01-12T09:00:00Z"));

        for (VEvent event : parsed.getEvents()) {
            TimeZone read =
                    parsed.getTimezoneInfo().getTimezone(event.getDateStart()).getTimeZone();
            assertThat(read).isInstanceOf(ICalTimeZone.class);
            String zone = ((ICalTimeZone) read).getComponent().getTimezoneId().getValue();
            ZoneRules rules = ZoneId.of(zone).getRules();
            for (Instant t = Instant.parse("2027-01-01T21:00:00Z");
                    t.isBefore(Instant.parse("2029-01-01T00:00:00Z"));
                    t = t.plus(Duration.ofDays(1))) {
                if (rules.nextTransition(t.minus(Duration.ofDays(1)))
                        .getInstant()
                        .isBefore(t.plus(Duration.ofDays(1)))) continue;
                assertThat(read.getOffset(t.toEpochMilli()))
                        .as(zone + " at " + t)
                        .isEqualTo(rules.getOffset(t).getTotalSeconds() * 1000);
            }
        }
    }

    static PdChatSchedule.ScheduledChat chat(String id, boolean weekly, ZonedDateTime start) {
        return new PdChatSchedule.ScheduledChat(
                id,
                "#" + id,
                "A chat",
                "Farid Rahman",
                start.getZone().getId(),
                weekly,
                false,
                10,
                "one every 10 minutes",
                List.of("What works?"),
                List.of("Oakfield"),
                false,
                false,
                start,
                start.plusMinutes(20));
    }

    /** A zone's VTIMEZONE as written, one content line a line. */
    static String vtimezone(String zone) {
        ICalendar calendar = new ICalendar();
        calendar.addComponent(ChatCalendar.vtimezone(ZoneId.of(zone), NOW));
        return String.join("\n", unfold(ChatCalendar.write(calendar)));
    }

    // ------------------------------------------------------------------ a small iCalendar reader for the assertions

    /** CRLF everywhere, no physical line over 75 octets, components opened and closed in order, the required properties. */
    static void assertWellFormed(String ics) {
        assertThat(ics).startsWith("BEGIN:VCALENDAR\r\n").endsWith("END:VCALENDAR\r\n");
        assertThat(ics.replace("\r\n", "")).doesNotContain("\n").doesNotContain("\r");
        for (String physical : ics.split("\r\n")) {
            assertThat(physical.getBytes(StandardCharsets.UTF_8).length)
                    .as(physical)
                    .isLessThanOrEqualTo(75);
        }
        Deque<String> open = new ArrayDeque<>();
        for (String l : unfold(ics)) {
            assertThat(l).as("a content line name:value").matches("[A-Z-]+(;[^:]*)?:.*");
            if (l.startsWith("BEGIN:")) open.push(l.substring(6));
            if (l.startsWith("END:")) assertThat(open.pop()).isEqualTo(l.substring(4));
        }
        assertThat(open).isEmpty();
        List<String> lines = unfold(ics);
        assertThat(lines).contains("VERSION:2.0").anyMatch(l -> l.startsWith("PRODID:"));
        for (List<String> event : components(lines, "VEVENT")) {
            assertThat(event)
                    .anyMatch(l -> l.startsWith("UID:"))
                    .anyMatch(l -> l.startsWith("DTSTAMP:"))
                    .anyMatch(l -> l.startsWith("DTSTART"))
                    .anyMatch(l -> l.startsWith("SUMMARY:"));
            event.stream().filter(l -> l.startsWith("DTSTART;TZID=")).forEach(l -> {
                String tz = l.substring("DTSTART;TZID=".length(), l.indexOf(':'));
                assertThat(components(lines, "VTIMEZONE"))
                        .as("a VTIMEZONE for " + tz)
                        .anyMatch(c -> c.contains("TZID:" + tz));
            });
        }
    }

    static List<String> unfold(String ics) {
        List<String> out = new ArrayList<>();
        for (String physical : ics.split("\r\n")) {
            if (physical.startsWith(" ") && !out.isEmpty())
                out.set(out.size() - 1, out.get(out.size() - 1) + physical.substring(1));
            else out.add(physical);
        }
        return out;
    }

    /** The content lines of each top-level-or-nested component named {@code name} (its own BEGIN/END excluded). */
    static List<List<String>> components(List<String> lines, String name) {
        List<List<String>> out = new ArrayList<>();
        List<String> current = null;
        for (String l : lines) {
            if (l.equals("BEGIN:" + name)) current = new ArrayList<>();
            else if (l.equals("END:" + name) && current != null) {
                out.add(current);
                current = null;
            } else if (current != null) current.add(l);
        }
        return out;
    }

    /** A DTSTART with TZID as a zoned time. */
    static ZonedDateTime parse(String dtstart) {
        String tz = dtstart.substring(dtstart.indexOf("TZID=") + 5, dtstart.indexOf(':'));
        String value = dtstart.substring(dtstart.indexOf(':') + 1);
        return LocalDateTime.parse(value, DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss"))
                .atZone(ZoneId.of(tz));
    }
}
