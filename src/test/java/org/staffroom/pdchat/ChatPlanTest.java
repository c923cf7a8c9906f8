package org.staffroom.pdchat;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.staffroom.config.PdChatDef;

/** Run dates and times of chats: live and slow, once and weekly, across daylight-saving changes. */
class ChatPlanTest {

    private static final ZoneId LONDON = ZoneId.of("Europe/London");
    private static final ZoneId MADRID = ZoneId.of("Europe/Madrid");

    private static PdChatDef chat(String start, ZoneId zone, PdChatDef.Repeat repeat, PdChatDef.Mode mode) {
        return new PdChatDef(
                "c",
                "#NWTchat",
                "t",
                "farid-rahman",
                LocalDateTime.parse(start),
                zone,
                repeat,
                mode,
                10,
                10,
                List.of(),
                List.of("Q1", "Q2", "Q3", "Q4", "Q5"));
    }

    @Test
    void aLiveChatAsksEveryIntervalAndStaysOpenAfterTheLast() {
        PdChatDef def = chat("2026-12-01T19:00", LONDON, PdChatDef.Repeat.WEEKLY, PdChatDef.Mode.LIVE);
        ChatPlan plan = ChatPlan.of(def, ChatPlan.scheduledStart(def, LocalDate.of(2026, 12, 1)), 5, d -> true);

        assertThat(plan.questions())
                .containsExactly(
                        Instant.parse("2026-12-01T19:00:00Z"),
                        Instant.parse("2026-12-01T19:10:00Z"),
                        Instant.parse("2026-12-01T19:20:00Z"),
                        Instant.parse("2026-12-01T19:30:00Z"),
                        Instant.parse("2026-12-01T19:40:00Z"));
        assertThat(plan.end()).isEqualTo(Instant.parse("2026-12-01T19:50:00Z"));
        assertThat(plan.remindDay()).isEqualTo(Instant.parse("2026-11-30T19:00:00Z"));
        assertThat(plan.remindSoon()).isEqualTo(Instant.parse("2026-12-01T18:45:00Z"));
        assertThat(plan.slotEnd(2)).isEqualTo(Instant.parse("2026-12-01T19:20:00Z"));
        assertThat(plan.slotEnd(5)).isEqualTo(plan.end());
    }

    @Test
    void weeklyRunsKeepTheLocalTimeAcrossTheClockChange() {
        // The UK clocks go forward on Sunday 28 March 2027: 19:00 is 19:00Z before and 18:00Z after.
        PdChatDef def = chat("2027-03-16T19:00", LONDON, PdChatDef.Repeat.WEEKLY, PdChatDef.Mode.LIVE);
        List<LocalDate> dates =
                ChatPlan.runDates(def, Instant.parse("2027-03-20T00:00:00Z"), Instant.parse("2027-04-03T00:00:00Z"));

        assertThat(dates).containsExactly(LocalDate.of(2027, 3, 23), LocalDate.of(2027, 3, 30));
        assertThat(ChatPlan.scheduledStart(def, dates.get(0)).toInstant())
                .isEqualTo(Instant.parse("2027-03-23T19:00:00Z"));
        assertThat(ChatPlan.scheduledStart(def, dates.get(1)).toInstant())
                .isEqualTo(Instant.parse("2027-03-30T18:00:00Z"));
    }

    @Test
    void aTimeThatDoesNotExistOnTheChangeDayStillRunsOnceThatDay() {
        // 02:30 does not exist in Madrid on 28 March 2027 (02:00 becomes 03:00): it runs at 03:30 local (01:30Z), once.
        PdChatDef def = chat("2027-03-21T02:30", MADRID, PdChatDef.Repeat.WEEKLY, PdChatDef.Mode.LIVE);
        List<LocalDate> dates =
                ChatPlan.runDates(def, Instant.parse("2027-03-27T00:00:00Z"), Instant.parse("2027-03-29T00:00:00Z"));

        assertThat(dates).containsExactly(LocalDate.of(2027, 3, 28));
        assertThat(ChatPlan.scheduledStart(def, dates.get(0)).toInstant())
                .isEqualTo(Instant.parse("2027-03-28T01:30:00Z"));
    }

    @Test
    void aSlowChatAsksOneQuestionPerSchoolDay() {
        // Oakfield only: Friday 27 November 2026 is its INSET day, and weekends are not school days.
        PdChatDef def = chat("2026-11-25T16:00", LONDON, PdChatDef.Repeat.NONE, PdChatDef.Mode.SLOW);
        Set<LocalDate> closed = Set.of(LocalDate.of(2026, 11, 27));
        ChatPlan plan = ChatPlan.of(
                def,
                ChatPlan.scheduledStart(def, LocalDate.of(2026, 11, 25)),
                5,
                d -> d.getDayOfWeek().getValue() <= DayOfWeek.FRIDAY.getValue() && !closed.contains(d));

        assertThat(plan.questions())
                .containsExactly(
                        Instant.parse("2026-11-25T16:00:00Z"),
                        Instant.parse("2026-11-26T16:00:00Z"),
                        Instant.parse("2026-11-30T16:00:00Z"),
                        Instant.parse("2026-12-01T16:00:00Z"),
                        Instant.parse("2026-12-02T16:00:00Z"));
        assertThat(plan.end()).isEqualTo(Instant.parse("2026-12-03T16:00:00Z"));
    }

    @Test
    void aSlowChatStartingOnASaturdayAsksItsFirstQuestionOnMondayAndEndsOnASchoolDay() {
        // Saturday 28 November 2026; the last question on Friday 4 December, so it stays open until Monday 7th.
        PdChatDef def = chat("2026-11-28T16:00", LONDON, PdChatDef.Repeat.NONE, PdChatDef.Mode.SLOW);
        ChatPlan plan = ChatPlan.of(
                def,
                ChatPlan.scheduledStart(def, LocalDate.of(2026, 11, 28)),
                5,
                d -> d.getDayOfWeek().getValue() <= DayOfWeek.FRIDAY.getValue());

        assertThat(plan.start()).isEqualTo(Instant.parse("2026-11-30T16:00:00Z"));
        assertThat(plan.questions())
                .containsExactly(
                        Instant.parse("2026-11-30T16:00:00Z"),
                        Instant.parse("2026-12-01T16:00:00Z"),
                        Instant.parse("2026-12-02T16:00:00Z"),
                        Instant.parse("2026-12-03T16:00:00Z"),
                        Instant.parse("2026-12-04T16:00:00Z"));
        assertThat(plan.end()).isEqualTo(Instant.parse("2026-12-07T16:00:00Z"));
    }

    @Test
    void aOneOffChatHasOneRun() {
        PdChatDef def = chat("2026-12-03T16:00", LONDON, PdChatDef.Repeat.NONE, PdChatDef.Mode.LIVE);
        assertThat(ChatPlan.runDates(def, Instant.parse("2026-11-01T00:00:00Z"), Instant.parse("2027-01-01T00:00:00Z")))
                .containsExactly(LocalDate.of(2026, 12, 3));
        assertThat(ChatPlan.runDates(def, Instant.parse("2026-12-04T00:00:00Z"), Instant.parse("2027-01-01T00:00:00Z")))
                .isEmpty();
    }
}
