package org.staffroom.chat;

import org.springframework.context.annotation.Lazy;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The other half of {@link Chat#react}'s fallback on a platform without reactions: a press on an
 * emoji button the bot put there arrives as that person's reaction, so a vote by reaction is
 * counted the same way everywhere.
 */
@Component
class ReactionButtons {

    static final String ACTION = "chat.reaction";

    private final InboundEvents inbound;

    ReactionButtons(@Lazy InboundEvents inbound) {
        this.inbound = inbound;
    }

    @EventListener
    void on(ChatEvent.ButtonPressed event) {
        if (!ACTION.equals(event.actionId()) || event.message() == null) return;
        inbound.accept(new ChatEvent.ReactionAdded("reaction-button:" + event.eventId(), event.at(), event.actor(),
                event.message(), event.value()));
    }
}
