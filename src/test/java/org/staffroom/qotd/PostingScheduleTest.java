package org.staffroom.qotd;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.staffroom.config.Trust;

/** Local posting times become the right instants in each zone, on either side of each zone's own clock change. */
class PostingScheduleTest {

    private static final PostingSchedule WEEKDAYS = PostingSchedule.of(
            new Trust.Qotd(
                    LocalTime.of(8, 15),
                    EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY),
                    null,
                    Trust.AnswerSharing.LIVE,
                    LocalTime.of(8, 5),
                    5),
            LocalTime.of(17, 0));
    private static final PostingSchedule CRON = PostingSchedule.of(
            new Trust.Qotd(
                    LocalTime.of(8, 15),
                    EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY),
                    "0 30 7 * * MON,WED,FRI",
                    Trust.AnswerSharing.DIGEST,
                    LocalTime.of(8, 5),
                    5),
            LocalTime.of(17, 0));

    static Stream<Arguments> dueTimes() {
        return Stream.of(
                // London and Madrid change on the same Sunday (28 March 2027): both move an hour earlier in UTC.
                Arguments.of("Europe/London", "2027-03-26", "2027-03-26T08:15:00Z"),
                Arguments.of("Europe/London", "2027-03-29", "2027-03-29T07:15:00Z"),
                Arguments.of("Europe/Madrid", "2027-03-26", "2027-03-26T07:15:00Z"),
                Arguments.of("Europe/Madrid", "2027-03-29", "2027-03-29T06:15:00Z"),
                // New York changes two weeks earlier (14 March 2027): in the week between, it is 4 h behind London, not
                // 5.
                Arguments.of("America/New_York", "2027-03-12", "2027-03-12T13:15:00Z"),
                Arguments.of("America/New_York", "2027-03-15", "2027-03-15T12:15:00Z"),
                Arguments.of("Europe/London", "2027-03-15", "2027-03-15T08:15:00Z"),
                Arguments.of("America/New_York", "2027-03-29", "2027-03-29T12:15:00Z"),
                // Autumn: Europe goes back on 25 October 2026, New York on 1 November.
                Arguments.of("Europe/London", "2026-10-23", "2026-10-23T07:15:00Z"),
                Arguments.of("Europe/London", "2026-10-26", "2026-10-26T08:15:00Z"),
                Arguments.of("America/New_York", "2026-10-30", "2026-10-30T12:15:00Z"),
                Arguments.of("America/New_York", "2026-11-02", "2026-11-02T13:15:00Z"),
                // Southern hemisphere: Sydney leaves summer time on 4 April 2027.
                Arguments.of("Australia/Sydney", "2027-04-02", "2027-04-01T21:15:00Z"),
                Arguments.of("Australia/Sydney", "2027-04-05", "2027-04-04T22:15:00Z"));
    }

    @ParameterizedTest(name = "{0} on {1}: due {2}")
    @MethodSource("dueTimes")
    void theLocalPostingTimeIsKeptWhateverTheOffset(String zone, String date, String due) {
        PostingSchedule.Window w =
                WEEKDAYS.windowOn(LocalDate.parse(date), ZoneId.of(zone)).orElseThrow();
        assertThat(w.due()).isEqualTo(Instant.parse(due));
        assertThat(w.postTime()).isEqualTo(LocalTime.of(8, 15));
        // The digest comes ten minutes before; a missed post can be caught up until 17:00 local.
        assertThat(w.digestDue()).isEqualTo(Instant.parse(due).minusSeconds(600));
        assertThat(w.closes()).isEqualTo(Instant.parse(due).plusSeconds(8 * 3600 + 45 * 60));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("weekdays")
    void onlyTheConfiguredDaysHaveAPostingTime(String date, boolean weekdaysHave, String cronTime) {
        LocalDate d = LocalDate.parse(date);
        ZoneId london = ZoneId.of("Europe/London");
        assertThat(WEEKDAYS.postTimeOn(d, london).isPresent()).isEqualTo(weekdaysHave);
        assertThat(CRON.postTimeOn(d, london).map(LocalTime::toString).orElse(null))
                .isEqualTo(cronTime);
    }

    static Stream<Arguments> weekdays() {
        return Stream.of(
                Arguments.of("2026-11-23", true, "07:30"), // Monday
                Arguments.of("2026-11-24", true, null), // Tuesday: not in the cron
                Arguments.of("2026-11-25", true, "07:30"), // Wednesday
                Arguments.of("2026-11-28", false, null), // Saturday
                Arguments.of("2026-11-29", false, null)); // Sunday
    }

    @ParameterizedTest(name = "cron in {0}")
    @MethodSource("cronZones")
    void aCronScheduleIsReadInEachSchoolsZone(String zone, String due) {
        PostingSchedule.Window w =
                CRON.windowOn(LocalDate.of(2027, 3, 29), ZoneId.of(zone)).orElseThrow();
        assertThat(w.due()).isEqualTo(Instant.parse(due));
        // The digest time (08:05) is after the 07:30 post, so the digest goes out just before the question.
        assertThat(w.digestDue()).isEqualTo(w.due());
    }

    static Stream<Arguments> cronZones() {
        return Stream.of(
                Arguments.of("Europe/London", "2027-03-29T06:30:00Z"),
                Arguments.of("Europe/Madrid", "2027-03-29T05:30:00Z"),
                Arguments.of("America/New_York", "2027-03-29T11:30:00Z"));
    }
}
