package org.staffroom.pdchat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.staffroom.testing.Sample.*;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.springframework.beans.factory.annotation.Autowired;
import org.staffroom.config.School;
import org.staffroom.directory.Directory;
import org.staffroom.testing.SandboxClient.Seen;
import org.staffroom.testing.StaffroomEndToEnd;

/**
 * Starting and stopping PD chats by hand, and slow chats around weekends, each case 50 times with a
 * clock that carries nanoseconds (the database keeps microseconds: a start stored as "now" must
 * never read back later than "now"). Each repetition uses its own week, so runs never meet.
 * {@link PdChatTimingH2Test} runs these on H2, {@link PdChatTimingPostgresTest} on PostgreSQL.
 */
abstract class PdChatTimingTest extends StaffroomEndToEnd {

    static final ZoneId LONDON = ZoneId.of("Europe/London");
    static final List<String> PD = List.of(OAKFIELD_PD, RIVERSIDE_PD, HILLCREST_PD, SEVILLA_PD);
    static final Map<String, String> VIEWER =
            Map.of(OAKFIELD_PD, BEN, RIVERSIDE_PD, DAN, HILLCREST_PD, HARRY, SEVILLA_PD, JAVIER);
    static final int REPETITIONS = 50;

    PdChatTimingTest() {
        super(Duration.ofSeconds(10)); // what settle() waits for chat to deliver
    }

    @Autowired
    PdChatArchives archives;

    @Autowired
    Directory directory;

    /** The sample weekly #NWTchat (Tuesdays 19:00 London), started ten minutes early: intro and Q1 at once, no reminder. */
    @RepeatedTest(REPETITIONS)
    void aChatStartedEarlyPostsItsIntroAndQ1AtOnceAndNeverAStaleReminder(RepetitionInfo rep) {
        ZonedDateTime scheduled = tuesday(LocalDate.of(2027, 1, 5), rep);
        long mark = mark();
        at(scheduled.minusMinutes(10).toInstant(), rep);

        sandbox.command(FARID_SLACK, RIVERSIDE_PD, "/pdchat start #NWTchat");
        assertThat(answer(FARID_SLACK, RIVERSIDE_PD)).startsWith("Started #NWTchat");
        settle();
        for (String pd : PD) {
            assertThat(nwtchat(pd, mark))
                    .as("in %s at %s", pd, clock.instant())
                    .hasSize(2)
                    .noneMatch(m -> m.text().startsWith("⏰"))
                    .last()
                    .satisfies(m -> assertThat(m.text()).startsWith("Q1/5 "));
        }
        // The next ticks, up to the scheduled time, post nothing more (Q2 is due ten minutes after the start).
        clock.advance(Duration.ofSeconds(30));
        tick();
        at(scheduled.minusSeconds(1).toInstant(), rep);
        tick();
        for (String pd : PD) assertThat(nwtchat(pd, mark)).hasSize(2);
        at(scheduled.toInstant(), rep);
        tick();
        for (String pd : PD)
            assertThat(nwtchat(pd, mark))
                    .hasSize(3)
                    .last()
                    .satisfies(m -> assertThat(m.text()).startsWith("Q2/5 "));

        sandbox.command(FARID_SLACK, RIVERSIDE_PD, "/pdchat stop #NWTchat");
        settle();
        for (String pd : PD)
            assertThat(nwtchat(pd, mark))
                    .hasSize(4)
                    .last()
                    .satisfies(m -> assertThat(m.text()).startsWith("🙏"));
    }

    /**
     * Started the evening before its date and stopped seconds later, with one answer in between: the
     * wrap-up still goes out, the transcript keeps the answer, and both are filed under the day it ran.
     */
    @RepeatedTest(REPETITIONS)
    void aQuickStartAndStopSendsTheWrapUpAndKeepsTheTranscriptUnderTheDayItRan(RepetitionInfo rep) {
        ZonedDateTime scheduled = tuesday(LocalDate.of(2029, 1, 2), rep);
        LocalDate ranOn = scheduled.toLocalDate().minusDays(1);
        long mark = mark();
        at(scheduled.minusDays(1).minusHours(1).toInstant(), rep);

        sandbox.command(FARID_SLACK, RIVERSIDE_PD, "/pdchat start #NWTchat");
        assertThat(answer(FARID_SLACK, RIVERSIDE_PD)).startsWith("Started #NWTchat");
        clock.advance(Duration.ofSeconds(2));
        String line = "A1 We give feedback in the lesson, run " + rep.getCurrentRepetition() + " #NWTchat";
        sandbox.post(BEN, OAKFIELD_PD, line);
        settle();
        clock.advance(Duration.ofSeconds(3));
        sandbox.command(FARID_SLACK, RIVERSIDE_PD, "/pdchat stop #NWTchat");
        assertThat(answer(FARID_SLACK, RIVERSIDE_PD)).startsWith("Ended #NWTchat");
        settle();

        for (String pd : PD) {
            Seen wrap = nwtchat(pd, mark).stream()
                    .filter(m -> m.text().startsWith("🙏"))
                    .reduce((a, b) -> b)
                    .orElseThrow(() -> new AssertionError("no wrap-up in " + pd + " at " + clock.instant()));
            assertThat(wrap.text()).contains("/pdchat archive #NWTchat " + ranOn);
        }
        assertThat(archives.markdown("nwtchat-weekly", ranOn).orElseThrow())
                .contains("We give feedback in the lesson, run " + rep.getCurrentRepetition());
        sandbox.command(BEN, OAKFIELD_PD, "/pdchat archive #NWTchat " + ranOn);
        assertThat(answer(BEN, OAKFIELD_PD))
                .contains("We give feedback in the lesson, run " + rep.getCurrentRepetition());

        // Its scheduled date comes and goes: the run is over, nothing more is posted.
        long after = mark();
        at(scheduled.minusMinutes(15).toInstant(), rep);
        tick();
        at(scheduled.toInstant(), rep);
        tick();
        for (String pd : PD) assertThat(nwtchat(pd, after)).isEmpty();
    }

    /**
     * A slow chat scheduled for a Saturday and started by hand that Saturday: nothing is posted that
     * weekend (or on any day that is not a school day), and the intro and Q1 come on the next school day.
     */
    @RepeatedTest(REPETITIONS)
    void aSlowChatNeverPostsOnADayThatIsNotASchoolDayItsFirstQuestionIncluded(RepetitionInfo rep) {
        int n = rep.getCurrentRepetition();
        // The Saturdays of the sample calendar's school year (calendar.yml has terms for 2026–27 only), from
        // 5 December 2026: some before a holiday (Christmas, half-term), so the next school day is weeks away.
        LocalDate saturday = LocalDate.of(2026, 12, 5).plusWeeks((n - 1) % 30);
        String tag = "#SlowWeekend" + n;
        at(ZonedDateTime.of(saturday.minusDays(1), LocalTime.of(9, 0), LONDON).toInstant(), rep);
        sandbox.command(KATE_SLACK, OAKFIELD_STAFFROOM, "/pdchat schedule");
        sandbox.submitForm(
                KATE_SLACK,
                Map.of(
                        "chat",
                        List.of(tag + " Weekend reading"),
                        "start",
                        List.of(saturday + " 09:00"),
                        "questions",
                        List.of("What are you reading?\nWhat will you read next?"),
                        "schools",
                        List.of("oakfield", "riverside"),
                        "options",
                        List.of("slow once")));
        assertThat(answer(KATE_SLACK, OAKFIELD_STAFFROOM)).startsWith("Scheduled " + tag);
        long mark = mark();

        at(ZonedDateTime.of(saturday, LocalTime.of(9, 0), LONDON).toInstant(), rep);
        sandbox.command(KATE_SLACK, OAKFIELD_PD, "/pdchat start " + tag);
        LocalDate firstSchoolDay = saturday;
        while (!schoolDayForEither(firstSchoolDay)) {
            firstSchoolDay = firstSchoolDay.plusDays(1);
            assertThat(firstSchoolDay)
                    .as("a school day within 60 days of %s", saturday)
                    .isBefore(saturday.plusDays(60));
        }
        assertThat(answer(KATE_SLACK, OAKFIELD_PD))
                .contains("today is not a school day")
                .contains("09:00");
        for (LocalDate d = saturday; !d.isAfter(firstSchoolDay); d = d.plusDays(1)) {
            at(ZonedDateTime.of(d, LocalTime.of(9, 0), LONDON).toInstant(), rep);
            tick();
            List<Seen> posted = tagged(OAKFIELD_PD, mark, tag);
            if (d.isBefore(firstSchoolDay)) {
                assertThat(posted).as("posts on %s, not a school day", d).isEmpty();
            } else {
                assertThat(posted)
                        .as("the intro and Q1 on %s, the first school day", d)
                        .anyMatch(m -> m.text().startsWith("👋"))
                        .anyMatch(m -> m.text().startsWith("Q1/2"));
            }
        }
    }

    // ------------------------------------------------------------------ helpers

    /** The repetition's Tuesday at 19:00 in London, a week apart from the others. */
    private static ZonedDateTime tuesday(LocalDate first, RepetitionInfo rep) {
        return ZonedDateTime.of(first.plusWeeks(rep.getCurrentRepetition() - 1), LocalTime.of(19, 0), LONDON);
    }

    /** Sets the clock to {@code at} plus a sub-second part with nanoseconds, different in each repetition. */
    private void at(Instant at, RepetitionInfo rep) {
        int nanos = new Random(rep.getCurrentRepetition() * 7919L).nextInt(1_000_000_000);
        clock.set(at.plusNanos(nanos));
    }

    private boolean schoolDayForEither(LocalDate d) {
        var c = directory.config();
        return c.schools().stream()
                .filter(s -> s.id().equals("oakfield") || s.id().equals("riverside"))
                .anyMatch((School s) -> c.calendar().isSchoolDay(s, d, ChatLifecycle.SCHOOL_WEEK));
    }

    private String answer(String as, String channel) {
        return sandbox.lastPrivateAnswer(as, channel).orElseThrow().text();
    }

    /** The newest message id in the pd channels now: what a test posts later is above it. */
    private long mark() {
        return sandbox.newestId(VIEWER);
    }

    private List<Seen> tagged(String channel, long mark, String tag) {
        return sandbox.messages(VIEWER.get(channel), channel).stream()
                .filter(m -> m.bot()
                        && !m.ephemeral()
                        && m.id() > mark
                        && m.text() != null
                        && m.text().contains(tag))
                .toList();
    }

    /** The bot's own #NWTchat posts (reminders, intro, questions, wrap-up; not relayed answers). */
    private List<Seen> nwtchat(String channel, long mark) {
        return tagged(channel, mark, "#NWTchat").stream()
                .filter(m -> !m.text().matches("(?s)^[^\\n]+ \\(\\w+\\): .*"))
                .toList();
    }
}
