package org.staffroom.qotd;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.staffroom.config.School;
import org.staffroom.directory.Directory;

/**
 * Participation figures: per question and school, the answers, the people who answered and that
 * share of the school's staff ({@code staff-count}); and answer streaks, the school days in a row
 * (days the person's school had the question) on which a person answered.
 */
@Service
class Figures {

    static final int STREAK_LOOK_BACK_DAYS = 180;

    private final PromptStore prompts;
    private final AnswerStore answers;
    private final Directory directory;

    Figures(PromptStore prompts, AnswerStore answers, Directory directory) {
        this.prompts = prompts;
        this.answers = answers;
        this.directory = directory;
    }

    record SchoolFigures(School school, int answers, int answerers) {
        int staff() {
            return school.staffCount();
        }
    }

    record Day(Prompt prompt, List<SchoolFigures> schools) {}

    record Streak(String authorKey, String name, String schoolId, int days) {}

    /** The latest {@code count} prompts up to {@code today}, newest first, with each school that was asked. */
    @Transactional(readOnly = true)
    public List<Day> days(LocalDate today, int count) {
        List<Day> out = new ArrayList<>();
        for (Prompt p : prompts.latest(today, count)) out.add(new Day(p, participation(p, answers.ofPrompt(p.id()))));
        return out;
    }

    /**
     * For each school prompt {@code p} was posted to: its answers among {@code given} and the people
     * who gave them. The one count behind {@code /qotd stats} and the web's today page.
     */
    List<SchoolFigures> participation(Prompt p, List<Answer> given) {
        List<SchoolFigures> figures = new ArrayList<>();
        for (Post post : prompts.postsOf(p.id())) {
            School s = directory.school(post.schoolId()).orElse(null);
            if (s == null) continue;
            List<Answer> here =
                    given.stream().filter(a -> a.schoolId().equals(s.id())).toList();
            Set<String> people = new HashSet<>();
            here.forEach(a -> people.add(a.authorKey()));
            figures.add(new SchoolFigures(s, here.size(), people.size()));
        }
        return figures;
    }

    /**
     * Current streaks, longest first. A person's streak runs back over the dates their school
     * (the school of their latest answer) had the daily question; today does not break it before
     * the day is over.
     */
    @Transactional(readOnly = true)
    public List<Streak> streaks(LocalDate today) {
        Map<String, Set<LocalDate>> answered = new HashMap<>();
        Map<String, AnswerStore.Answered> latest = new LinkedHashMap<>();
        for (AnswerStore.Answered a : answers.dailyAnswersSince(today.minusDays(STREAK_LOOK_BACK_DAYS))) {
            answered.computeIfAbsent(a.authorKey(), k -> new HashSet<>()).add(a.date());
            latest.put(a.authorKey(), a);
        }
        Map<String, List<LocalDate>> schoolDates = new HashMap<>();
        List<Streak> out = new ArrayList<>();
        for (AnswerStore.Answered a : latest.values()) {
            List<LocalDate> dates = schoolDates.computeIfAbsent(
                    a.schoolId(), s -> prompts.dailyPostDates(s, today, STREAK_LOOK_BACK_DAYS));
            Set<LocalDate> mine = answered.get(a.authorKey());
            int streak = 0;
            for (LocalDate d : dates) {
                if (mine.contains(d)) streak++;
                else if (!d.equals(today)) break;
            }
            if (streak > 0) out.add(new Streak(a.authorKey(), a.authorName(), a.schoolId(), streak));
        }
        out.sort(Comparator.comparingInt(Streak::days).reversed().thenComparing(Streak::name));
        return out;
    }
}
