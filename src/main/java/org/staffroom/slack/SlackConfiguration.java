package org.staffroom.slack;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/** Slack settings always (the manifest is served before any token exists); the SDK only when configured. */
@Configuration
@EnableConfigurationProperties({SlackProperties.class, SlackLimits.class})
class SlackConfiguration {

    @Configuration
    @Conditional(SlackConditions.Configured.class)
    static class Connected {

        /**
         * One SDK instance for every Web API call, {@code apps.connections.open} included, so all of
         * them go to {@code staffroom.slack.api-url}. The SDK's own metrics are off: the delivery
         * sender paces posts and nothing reads them.
         */
        @Bean(destroyMethod = "close")
        Slack slack(SlackProperties properties) {
            check(properties);
            SlackConfig config = new SlackConfig();
            config.setMethodsEndpointUrlPrefix(properties.apiUrl());
            config.setStatsEnabled(false);
            config.setHttpClientReadTimeoutMillis(15_000);
            config.setHttpClientWriteTimeoutMillis(15_000);
            config.setHttpClientCallTimeoutMillis(30_000);
            return Slack.getInstance(config);
        }

        /** Fails at start with what to set, rather than later with a connection error. */
        static void check(SlackProperties p) {
            if (p.mode() == SlackProperties.Mode.SOCKET && p.appToken() == null) {
                throw new IllegalStateException("Slack is configured for Socket Mode but SLACK_APP_TOKEN is empty: "
                        + "create an app-level token with the connections:write scope (Basic Information > "
                        + "App-Level Tokens), or set SLACK_MODE=http with SLACK_SIGNING_SECRET.");
            }
            if (p.mode() == SlackProperties.Mode.HTTP && p.signingSecret() == null) {
                throw new IllegalStateException("Slack is configured for HTTP mode but SLACK_SIGNING_SECRET is empty: "
                        + "copy it from the app's Basic Information page.");
            }
            if ((p.clientId() == null) != (p.clientSecret() == null)) {
                throw new IllegalStateException(
                        "Set both SLACK_CLIENT_ID and SLACK_CLIENT_SECRET for installs by OAuth, or neither.");
            }
        }
    }
}
