package org.staffroom.qotd;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import org.staffroom.chat.Chat;
import org.staffroom.chat.ChatEvent;
import org.staffroom.chat.Message;
import org.staffroom.directory.Caller;
import org.staffroom.directory.Directory;

/** Approve and Decline on a suggestion card; the presser's role is checked at the moment of the press. */
@Component
class SuggestionButtons {

    private static final Logger log = LoggerFactory.getLogger(SuggestionButtons.class);

    private final Suggestions suggestions;
    private final Directory directory;
    private final Chat chat;
    private final QotdMessages messages;

    SuggestionButtons(Suggestions suggestions, Directory directory, Chat chat, QotdMessages messages) {
        this.suggestions = suggestions;
        this.directory = directory;
        this.chat = chat;
        this.messages = messages;
    }

    @EventListener
    void on(ChatEvent.ButtonPressed event) {
        boolean approve = event.actionId().equals(QotdMessages.APPROVE);
        if (!approve && !event.actionId().equals(QotdMessages.DECLINE)) return;
        Caller caller = directory.caller(event.actor(), event.message().channel());
        String answer;
        try {
            long id = parse(event.value());
            Suggestion s = suggestions.decide(id, approve, caller);
            answer = approve ? messages.text(caller.locale(), "qotd.decide.approved", s.text(), s.questionId(), s.suggesterName())
                    : messages.text(caller.locale(), "qotd.decide.declined", s.suggesterName());
        } catch (Refusal r) {
            answer = messages.text(caller.locale(), r.key(), r.args());
        } catch (RuntimeException e) {
            log.error("Deciding suggestion {} failed for {}", event.value(), caller.personKey(), e);
            answer = messages.text(caller.locale(), "qotd.error");
        }
        chat.respond(event.interaction(), Message.of(answer));
    }

    private static long parse(String value) {
        try {
            return Long.parseLong(value == null ? "" : value.trim());
        } catch (NumberFormatException e) {
            throw new Refusal("qotd.decide.unknown");
        }
    }
}
