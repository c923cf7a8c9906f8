package org.staffroom.qotd;

import org.springframework.stereotype.Component;
import org.staffroom.chat.ChatEvent;
import org.staffroom.chat.Message;
import org.staffroom.directory.Caller;

/** {@code /qotd suggest <question>}: any teacher suggests a question for coordinators to approve. */
@Component
class SuggestCommand implements QotdSubcommand {

    private final Suggestions suggestions;
    private final QotdMessages messages;

    SuggestCommand(Suggestions suggestions, QotdMessages messages) {
        this.suggestions = suggestions;
        this.messages = messages;
    }

    @Override
    public String name() {
        return "suggest";
    }

    @Override
    public Message handle(ChatEvent.CommandInvoked event, Caller caller) {
        suggestions.suggest(caller, event.option("text"), event.option("category"));
        return Message.of(messages.text(caller.locale(), "qotd.suggest.thanks"));
    }
}
