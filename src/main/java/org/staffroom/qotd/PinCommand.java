package org.staffroom.qotd;

import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

import org.springframework.stereotype.Component;

import org.staffroom.chat.ChatEvent;
import org.staffroom.chat.Message;
import org.staffroom.directory.Caller;

/** {@code /qotd pin <id> <date>}: every school gets that question on that date. */
@Component
class PinCommand implements QotdSubcommand {

    private final QuestionBank bank;
    private final SchoolDays days;
    private final QotdMessages messages;
    private final Clock clock;

    PinCommand(QuestionBank bank, SchoolDays days, QotdMessages messages, Clock clock) {
        this.bank = bank;
        this.days = days;
        this.messages = messages;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "pin";
    }

    @Override
    public Message handle(ChatEvent.CommandInvoked event, Caller caller) {
        String id = event.option("id");
        String typed = event.option("date");
        if (id == null || id.isBlank() || typed == null || typed.isBlank()) throw new Refusal("qotd.pin.usage");
        LocalDate date;
        try {
            date = LocalDate.parse(typed.trim());
        } catch (DateTimeParseException e) {
            throw new Refusal("qotd.pin.bad-date", typed.trim());
        }
        boolean someSchoolAsks = days.config().schools().stream()
                .anyMatch(s -> !s.paused() && days.window(s, date).isPresent());
        if (!someSchoolAsks) throw new Refusal("qotd.pin.no-school-day", QotdMessages.day(date, caller.locale()));
        QuestionBank.Pinned p = bank.pin(id, date, DailyPosts.trustToday(days.config(), clock.instant()), caller.personKey());
        String text = messages.text(caller.locale(), "qotd.pin.done", p.question().id(),
                QotdMessages.day(p.date(), caller.locale()), p.question().text());
        if (p.replaced() != null) text += " " + messages.text(caller.locale(), "qotd.pin.replaces", p.replaced());
        return Message.of(text);
    }
}
