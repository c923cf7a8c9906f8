package org.staffroom.qotd;

import org.springframework.stereotype.Component;
import org.staffroom.chat.ChatEvent;
import org.staffroom.chat.Message;
import org.staffroom.directory.Caller;

/** {@code /qotd pin <id> <date>}: every school gets that question on that date. The work is {@link QuestionCuration}'s, shared with the web. */
@Component
class PinCommand implements QotdSubcommand {

    private final QuestionCuration curation;

    PinCommand(QuestionCuration curation) {
        this.curation = curation;
    }

    @Override
    public String name() {
        return "pin";
    }

    @Override
    public Message handle(ChatEvent.CommandInvoked event, Caller caller) {
        return Message.of(curation.pin(caller, event.option("id"), event.option("date"), caller.locale()));
    }
}
