package org.staffroom.qotd;

import org.springframework.stereotype.Component;
import org.staffroom.chat.ChatEvent;
import org.staffroom.chat.Message;
import org.staffroom.directory.Caller;

/**
 * Suggestions in chat: {@code /qotd suggest <question>}, by any teacher, and Approve and Decline on
 * the suggestion card. The dispatcher lets through coordinators only to the buttons (of any school, at
 * the moment of the press); {@link Suggestions#decide} then insists on the suggestion's own school or a
 * trust-wide coordinator.
 */
@Component
record SuggestionChat(Suggestions suggestions, QotdMessages messages) {

    Message suggest(ChatEvent.CommandInvoked event, Caller caller) {
        suggestions.suggest(caller, event.option("text"), event.option("category"));
        return Message.of(messages.text(caller.locale(), "qotd.suggest.thanks"));
    }

    /** Approve or Decline, by the button's action id. */
    Message decide(ChatEvent.ButtonPressed event, Caller caller) {
        boolean approve = event.actionId().equals(QotdMessages.APPROVE);
        Suggestion s = suggestions.decide(parse(event.value()), approve, caller);
        return Message.of(
                approve
                        ? messages.text(
                                caller.locale(), "qotd.decide.approved", s.text(), s.questionId(), s.suggesterName())
                        : messages.text(caller.locale(), "qotd.decide.declined", s.suggesterName()));
    }

    /** What a teacher who is no coordinator is told: precise about whose suggestion it is. */
    org.staffroom.chat.Refusal notAllowed(ChatEvent.ButtonPressed event) {
        return suggestions.notAllowed(parse(event.value()));
    }

    private static long parse(String value) {
        try {
            return Long.parseLong(value == null ? "" : value.trim());
        } catch (NumberFormatException e) {
            throw new Refusal("qotd.decide.unknown");
        }
    }
}
