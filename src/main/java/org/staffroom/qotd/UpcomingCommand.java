package org.staffroom.qotd;

import java.time.Clock;
import java.util.Locale;
import org.springframework.stereotype.Component;
import org.staffroom.chat.ChatEvent;
import org.staffroom.chat.Message;
import org.staffroom.chat.Rich;
import org.staffroom.directory.Caller;

/** {@code /qotd upcoming}: the next school days in each school, with their questions and the days skipped. */
@Component
record UpcomingCommand(Upcoming upcoming, QotdMessages messages, Clock clock) {

    private static final int SHOWN_LENGTH = 90;

    Message handle(ChatEvent.CommandInvoked event, Caller caller) {
        Locale l = caller.locale();
        Message m = Message.of(Rich.empty().bold(messages.text(l, "qotd.upcoming.title")));
        for (Upcoming.SchoolPlan plan : upcoming.preview(clock.instant())) {
            if (plan.school().paused()) {
                m = m.withField(
                        messages.text(
                                l, "qotd.upcoming.paused-school", plan.school().shortName()),
                        Rich.of(messages.text(l, "qotd.upcoming.paused")));
                continue;
            }
            String label = plan.time() == null
                    ? plan.school().shortName()
                    : messages.text(
                            l,
                            "qotd.upcoming.school",
                            plan.school().shortName(),
                            plan.time().toString(),
                            plan.school().zone().getId());
            Rich lines = Rich.empty();
            for (Upcoming.Line line : plan.lines()) {
                if (!lines.isEmpty()) lines = lines.newline();
                lines = lines.text(line(line, l));
            }
            if (lines.isEmpty()) lines = Rich.of(messages.text(l, "qotd.upcoming.none", Upcoming.HORIZON_DAYS));
            m = m.withField(label, lines);
        }
        return m.withFooter(Rich.of(messages.text(l, "qotd.upcoming.footer")));
    }

    private String line(Upcoming.Line line, Locale l) {
        String when = QotdMessages.day(line.from(), l);
        if (line.kind() == Upcoming.Kind.SKIPPED) {
            if (!line.to().equals(line.from())) when += " – " + QotdMessages.day(line.to(), l);
            return when + " · " + messages.text(l, "qotd.upcoming.skipped", messages.reason(line.reason(), l));
        }
        if (line.questionId() == null) return when + " · " + messages.text(l, "qotd.upcoming.empty");
        String text =
                line.text().length() > SHOWN_LENGTH ? line.text().substring(0, SHOWN_LENGTH - 1) + "…" : line.text();
        String out = when + " · " + line.questionId() + " · " + text;
        if (line.pinned()) out += " " + messages.text(l, "qotd.upcoming.pinned");
        return line.kind() == Upcoming.Kind.POSTED ? out + " " + messages.text(l, "qotd.upcoming.posted") : out;
    }
}
