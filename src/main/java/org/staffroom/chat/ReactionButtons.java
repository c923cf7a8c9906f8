package org.staffroom.chat;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.staffroom.config.Role;

/**
 * The other half of {@link Chat#react}'s fallback on a platform without reactions: a press on an
 * emoji button the bot put there arrives as that person's reaction, so a vote by reaction is
 * counted the same way everywhere. The button is an entry of the catalog like any other; who may
 * vote is decided where the reaction is counted, as for a real reaction.
 */
@Configuration(proxyBeanMethods = false)
class ReactionButtons {

    static final String ACTION = "chat.reaction";

    @Bean
    static Interaction reactionButton() {
        return Interaction.button(ACTION, Role.TEACHER);
    }

    @Bean
    ButtonHandler<Object> reactionButtonHandler(@Lazy InboundEvents inbound) {
        return ButtonHandler.of(ACTION, (event, caller) -> {
            if (event.message() != null) {
                inbound.accept(new ChatEvent.ReactionAdded(
                        "reaction-button:" + event.eventId(),
                        event.at(),
                        event.actor(),
                        event.message(),
                        event.value()));
            }
            return null;
        });
    }
}
