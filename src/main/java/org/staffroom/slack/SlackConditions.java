package org.staffroom.slack;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * When the Slack beans exist. Properties are mapped from environment variables that may be set
 * but empty, so "configured" means non-blank (Spring's own property condition counts "" as set).
 */
final class SlackConditions {

    private SlackConditions() {}

    static boolean has(Environment env, String key) {
        String v = env.getProperty(key);
        return v != null && !v.isBlank();
    }

    static boolean oauth(Environment env) {
        return has(env, "staffroom.slack.client-id") && has(env, "staffroom.slack.client-secret");
    }

    static boolean configured(Environment env) {
        return has(env, "staffroom.slack.bot-token") || oauth(env);
    }

    static boolean httpMode(Environment env) {
        return "http"
                .equalsIgnoreCase(
                        env.getProperty("staffroom.slack.mode", "socket").trim());
    }

    /** A bot token or an OAuth client is set: the Slack connector replaces the sandbox for Slack. */
    static final class Configured implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return configured(context.getEnvironment());
        }
    }

    static final class SocketMode implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return configured(context.getEnvironment()) && !httpMode(context.getEnvironment());
        }
    }

    static final class HttpMode implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return configured(context.getEnvironment()) && httpMode(context.getEnvironment());
        }
    }

    static final class OAuth implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return oauth(context.getEnvironment());
        }
    }
}
