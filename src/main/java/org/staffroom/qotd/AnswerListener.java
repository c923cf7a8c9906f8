package org.staffroom.qotd;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.staffroom.chat.ChatEvent;

/** Replies in question threads, and their edits and deletions, handed to {@link Answers}. */
@Component
class AnswerListener {

    private final Answers answers;

    AnswerListener(Answers answers) {
        this.answers = answers;
    }

    @EventListener
    void on(ChatEvent.MessagePosted event) {
        answers.posted(event);
    }

    @EventListener
    void on(ChatEvent.MessageEdited event) {
        answers.edited(event);
    }

    @EventListener
    void on(ChatEvent.MessageDeleted event) {
        answers.deleted(event);
    }
}
