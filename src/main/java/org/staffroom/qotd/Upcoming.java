package org.staffroom.qotd;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.staffroom.config.School;

/**
 * The preview behind {@code /qotd upcoming}: each school's next school days with the question
 * each will get, and the days skipped with the calendar's reason (weekends left out).
 */
@Service
class Upcoming {

    static final int SCHOOL_DAYS = 5;
    static final int HORIZON_DAYS = 62;

    private final SchoolDays days;
    private final DailyQuestions daily;
    private final PromptStore prompts;

    Upcoming(SchoolDays days, DailyQuestions daily, PromptStore prompts) {
        this.days = days;
        this.daily = daily;
        this.prompts = prompts;
    }

    enum Kind {
        QUESTION,
        POSTED,
        SKIPPED
    }

    /** A question day, or a run of skipped days ({@code from}..{@code to}) with one reason. */
    record Line(
            Kind kind, LocalDate from, LocalDate to, String questionId, String text, boolean pinned, String reason) {}

    record SchoolPlan(School school, LocalTime time, List<Line> lines) {}

    @Transactional(readOnly = true)
    public List<SchoolPlan> preview(Instant now) {
        List<SchoolPlan> plans = new ArrayList<>();
        SortedSet<LocalDate> questionDays = new TreeSet<>();
        for (School school : days.config().schools()) {
            List<Line> lines = new ArrayList<>();
            LocalTime time = null;
            if (!school.paused()) {
                LocalDate today = days.today(school, now);
                int found = 0;
                for (LocalDate d = today;
                        found < SCHOOL_DAYS && !d.isAfter(today.plusDays(HORIZON_DAYS));
                        d = d.plusDays(1)) {
                    Optional<PostingSchedule.Window> w = days.window(school, d);
                    if (w.isPresent()) {
                        boolean posted =
                                prompts.postByKey(Post.dailyKey(d, school.id())).isPresent();
                        if (!posted && d.equals(today) && !now.isBefore(w.get().closes())) continue;
                        if (time == null) time = w.get().postTime();
                        lines.add(new Line(posted ? Kind.POSTED : Kind.QUESTION, d, d, null, null, false, null));
                        questionDays.add(d);
                        found++;
                        continue;
                    }
                    String why = days.whyNot(school, d).orElse("");
                    if (why.equals("qotd.reason.weekend")) continue;
                    Line last = lines.isEmpty() ? null : lines.get(lines.size() - 1);
                    if (last != null
                            && last.kind() == Kind.SKIPPED
                            && last.reason().equals(why)) {
                        lines.set(lines.size() - 1, new Line(Kind.SKIPPED, last.from(), d, null, null, false, why));
                    } else {
                        lines.add(new Line(Kind.SKIPPED, d, d, null, null, false, why));
                    }
                }
            }
            plans.add(new SchoolPlan(school, time, lines));
        }
        Map<LocalDate, DailyQuestions.Planned> plan = daily.plan(questionDays);
        List<SchoolPlan> out = new ArrayList<>();
        for (SchoolPlan p : plans) {
            List<Line> lines = new ArrayList<>();
            for (Line l : p.lines()) {
                DailyQuestions.Planned q = l.kind() == Kind.SKIPPED ? null : plan.get(l.from());
                lines.add(
                        q == null
                                ? l
                                : new Line(l.kind(), l.from(), l.to(), q.questionId(), q.text(), q.pinned(), null));
            }
            out.add(new SchoolPlan(p.school(), p.time(), lines));
        }
        return out;
    }
}
