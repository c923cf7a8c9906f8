package org.staffroom.qotd;

import java.time.Clock;
import java.util.List;
import java.util.Locale;
import org.springframework.stereotype.Component;
import org.staffroom.chat.ChatEvent;
import org.staffroom.chat.Message;
import org.staffroom.chat.Rich;
import org.staffroom.config.School;
import org.staffroom.directory.Caller;
import org.staffroom.directory.Directory;

/** {@code /qotd stats}: answers and participation by school for the latest questions, and streaks. */
@Component
record StatsCommand(Figures figures, SchoolDays days, Directory directory, QotdMessages messages, Clock clock) {

    static final int DAYS = 5;
    static final int STREAKS = 5;

    Message handle(ChatEvent.CommandInvoked event, Caller caller) {
        Locale l = caller.locale();
        java.time.LocalDate today = DailyPosts.trustToday(days.config(), clock.instant());
        List<Figures.Day> recent = figures.days(today, DAYS);
        if (recent.isEmpty()) return Message.of(messages.text(l, "qotd.stats.none"));
        Message m = Message.of(Rich.empty().bold(messages.text(l, "qotd.stats.title")));
        for (Figures.Day day : recent) {
            String label = QotdMessages.day(day.prompt().date(), l)
                    + (day.prompt().questionId() == null
                            ? ""
                            : " · " + day.prompt().questionId());
            String question = day.prompt().text();
            Rich value = Rich.empty().italic(question.length() > 150 ? question.substring(0, 149) + "…" : question);
            for (Figures.SchoolFigures f : day.schools()) {
                value = value.newline()
                        .text(
                                f.answers() == 0
                                        ? messages.text(
                                                l,
                                                "qotd.stats.school-none",
                                                f.school().shortName())
                                        : messages.text(
                                                l,
                                                "qotd.stats.school",
                                                f.school().shortName(),
                                                f.answers(),
                                                f.answerers(),
                                                QotdMessages.percent(f.answerers(), f.staff(), l),
                                                f.staff()));
            }
            m = m.withField(label, value);
        }
        List<Figures.Streak> streaks = figures.streaks(today);
        Rich lines = Rich.empty();
        for (Figures.Streak s : streaks.subList(0, Math.min(STREAKS, streaks.size()))) {
            if (!lines.isEmpty()) lines = lines.newline();
            String school =
                    directory.school(s.schoolId()).map(School::shortName).orElse(s.schoolId());
            lines = lines.text(messages.text(l, "qotd.stats.streak", s.name(), school, s.days()));
        }
        if (lines.isEmpty()) lines = Rich.of(messages.text(l, "qotd.stats.no-streaks"));
        return m.withField(messages.text(l, "qotd.stats.streaks"), lines);
    }
}
