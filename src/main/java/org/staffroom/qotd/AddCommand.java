package org.staffroom.qotd;

import org.springframework.stereotype.Component;
import org.staffroom.chat.ChatEvent;
import org.staffroom.chat.Message;
import org.staffroom.directory.Caller;

/** {@code /qotd add [--category …] <text>}: a new question in the bank. The work is {@link QuestionCuration}'s, shared with the web. */
@Component
class AddCommand implements QotdSubcommand {

    private final QuestionCuration curation;

    AddCommand(QuestionCuration curation) {
        this.curation = curation;
    }

    @Override
    public String name() {
        return "add";
    }

    @Override
    public Message handle(ChatEvent.CommandInvoked event, Caller caller) {
        return Message.of(curation.add(caller, event.option("text"), event.option("category"), caller.locale()));
    }
}
