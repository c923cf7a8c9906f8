package org.staffroom.discord;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/** The adapter runs only with a bot token; without one the sandbox stands in for Discord. */
class OnDiscordToken implements Condition {

    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
        return !DiscordProperties.token(context.getEnvironment()).isEmpty();
    }
}
