package org.staffroom.qotd;

import java.time.Clock;
import java.util.stream.Collectors;

import org.springframework.stereotype.Component;

import org.staffroom.chat.ChatEvent;
import org.staffroom.chat.Message;
import org.staffroom.directory.Caller;

/** {@code /qotd retire <id>}: a question is not asked again (and loses its pins to come). */
@Component
class RetireCommand implements QotdSubcommand {

    private final QuestionBank bank;
    private final SchoolDays days;
    private final QotdMessages messages;
    private final Clock clock;

    RetireCommand(QuestionBank bank, SchoolDays days, QotdMessages messages, Clock clock) {
        this.bank = bank;
        this.days = days;
        this.messages = messages;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "retire";
    }

    @Override
    public Message handle(ChatEvent.CommandInvoked event, Caller caller) {
        String id = event.option("id");
        if (id == null || id.isBlank()) throw new Refusal("qotd.retire.usage");
        QuestionBank.Retired r = bank.retire(id, caller.personKey(), caller.hasTrustWide(org.staffroom.config.Role.COORDINATOR),
                DailyPosts.trustToday(days.config(), clock.instant()));
        String text = messages.text(caller.locale(), "qotd.retire.done", r.question().id(), r.question().text());
        if (!r.unpinned().isEmpty()) {
            String dates = r.unpinned().stream().map(d -> QotdMessages.day(d, caller.locale())).collect(Collectors.joining(", "));
            text += " " + messages.text(caller.locale(), "qotd.retire.unpinned", dates);
        }
        return Message.of(text);
    }
}
