package org.staffroom.qotd;

import org.springframework.stereotype.Component;
import org.staffroom.chat.ChatEvent;
import org.staffroom.chat.Message;
import org.staffroom.directory.Caller;

/** {@code /qotd retire <id>}: the question is asked no more. The work is {@link QuestionCuration}'s, shared with the web. */
@Component
class RetireCommand implements QotdSubcommand {

    private final QuestionCuration curation;

    RetireCommand(QuestionCuration curation) {
        this.curation = curation;
    }

    @Override
    public String name() {
        return "retire";
    }

    @Override
    public Message handle(ChatEvent.CommandInvoked event, Caller caller) {
        return Message.of(curation.retire(caller, event.option("id"), caller.locale()));
    }
}
