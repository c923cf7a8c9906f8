package org.staffroom.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
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
        assertThat(ChatCalendar.text("Q1: a, b; c\\d\nnext")).isEqualTo("Q1: a\\, b\\; c\\\\d\\nnext");
    }

    @Test
    void timeZonesFollowTheZoneRules() {
        List<String> london = ChatCalendar.vtimezone(ZoneId.of("Europe/London"), NOW);
        assertThat(String.join("\n", london))
                .contains(
                        "TZID:Europe/London",
                        "BEGIN:DAYLIGHT\nTZOFFSETFROM:+0000\nTZOFFSETTO:+0100\nDTSTART:20250330T010000\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
                        "BEGIN:STANDARD\nTZOFFSETFROM:+0100\nTZOFFSETTO:+0000\nDTSTART:20251026T020000\nRRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU");
        assertThat(String.join("\n", ChatCalendar.vtimezone(ZoneId.of("Europe/Madrid"), NOW)))
                .contains("TZOFFSETFROM:+0100\nTZOFFSETTO:+0200\nDTSTART:20250330T020000");
        assertThat(String.join("\n", ChatCalendar.vtimezone(ZoneId.of("America/New_York"), NOW)))
                .contains(
                        "TZOFFSETFROM:-0500\nTZOFFSETTO:-0400\nDTSTART:20250309T020000\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=SU;BYMONTHDAY=8,9,10,11,12,13,14");
        assertThat(String.join("\n", ChatCalendar.vtimezone(ZoneId.of("Asia/Tokyo"), NOW)))
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
