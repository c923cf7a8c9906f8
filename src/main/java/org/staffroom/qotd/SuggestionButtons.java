package org.staffroom.qotd;

import org.springframework.stereotype.Component;
import org.staffroom.chat.ButtonHandler;
import org.staffroom.chat.ChatEvent;
import org.staffroom.chat.Interaction;
import org.staffroom.chat.Message;
import org.staffroom.directory.Caller;

/**
 * Approve and Decline on a suggestion card. The dispatcher lets through coordinators only (of any
 * school, at the moment of the press); {@link Suggestions#decide} then insists on the suggestion's own
 * school or a trust-wide coordinator.
 */
final class SuggestionButtons {

    private SuggestionButtons() {}

    private static long parse(String value) {
        try {
            return Long.parseLong(value == null ? "" : value.trim());
        } catch (NumberFormatException e) {
            throw new Refusal("qotd.decide.unknown");
        }
    }

    /** One of the two buttons. */
    abstract static class Decide implements ButtonHandler<Caller> {

        private final Suggestions suggestions;
        private final QotdMessages messages;
        private final boolean approve;

        Decide(Suggestions suggestions, QotdMessages messages, boolean approve) {
            this.suggestions = suggestions;
            this.messages = messages;
            this.approve = approve;
        }

        @Override
        public String actionId() {
            return approve ? QotdMessages.APPROVE : QotdMessages.DECLINE;
        }

        @Override
        public Message handle(ChatEvent.ButtonPressed event, Caller caller) {
            Suggestion s = suggestions.decide(parse(event.value()), approve, caller);
            return Message.of(
                    approve
                            ? messages.text(
                                    caller.locale(),
                                    "qotd.decide.approved",
                                    s.text(),
                                    s.questionId(),
                                    s.suggesterName())
                            : messages.text(caller.locale(), "qotd.decide.declined", s.suggesterName()));
        }

        @Override
        public org.staffroom.chat.Refusal refusedRole(Interaction spec, ChatEvent.ButtonPressed event) {
            return suggestions.notAllowed(parse(event.value()));
        }
    }

    @Component
    static class Approve extends Decide {
        Approve(Suggestions suggestions, QotdMessages messages) {
            super(suggestions, messages, true);
        }
    }

    @Component
    static class Decline extends Decide {
        Decline(Suggestions suggestions, QotdMessages messages) {
            super(suggestions, messages, false);
        }
    }
}
