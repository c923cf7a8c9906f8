package org.staffroom.qotd;

import org.springframework.stereotype.Component;

import org.staffroom.chat.ChatEvent;
import org.staffroom.chat.Message;
import org.staffroom.directory.Caller;

/** {@code /qotd add [--category c] <question>}: a coordinator adds a question to the bank. */
@Component
class AddCommand implements QotdSubcommand {

    private final QuestionBank bank;
    private final QotdMessages messages;

    AddCommand(QuestionBank bank, QotdMessages messages) {
        this.bank = bank;
        this.messages = messages;
    }

    @Override
    public String name() {
        return "add";
    }

    @Override
    public Message handle(ChatEvent.CommandInvoked event, Caller caller) {
        Question q = bank.add(event.option("text"), event.option("category"), Question.Source.CHAT, caller.personKey());
        return Message.of(messages.text(caller.locale(), "qotd.add.done", q.id(), q.category(), q.text()));
    }
}
