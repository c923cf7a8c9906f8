package org.staffroom.slack;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Slack settings ({@code staffroom.slack.*}, bound from SLACK_BOT_TOKEN, SLACK_APP_TOKEN,
 * SLACK_SIGNING_SECRET, SLACK_MODE, SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and
 * STAFFROOM_SLACK_API_URL in application.properties). Slack is used when a bot token, or an
 * OAuth client id and secret, is set.
 *
 * @param botToken        xoxb- token of the one workspace the app is installed in (optional with OAuth)
 * @param appToken        xapp- app-level token with connections:write, for Socket Mode
 * @param signingSecret   for HTTP mode: every request's signature is checked with it
 * @param mode            socket (default, no public URL needed) or http (Slack posts to /slack/events)
 * @param clientId        OAuth client id, to install in several workspaces via /slack/install
 * @param clientSecret    OAuth client secret
 * @param apiUrl          Web API base for every call, apps.connections.open included
 * @param authorizeUrl    where /slack/install sends people to approve the app
 * @param socketConcurrency envelopes handled at once in Socket Mode (one slow listener blocks no other)
 * @param ackWait         how long an interaction waits for a quick answer to ride on its acknowledgement
 * @param watchdogInterval how often the Socket Mode connection is checked
 * @param restartAfter    a connection unhealthy this long is torn down and opened afresh
 * @param reconnectBackoff first wait before retrying a failed connect; doubles up to {@code longestBackoff}, with jitter
 * @param longestBackoff  the longest wait between two connect attempts (apps.connections.open is Tier 1: ~1/min)
 * @param userCacheTtl    how long display names from users.info are kept
 * @param groupCacheTtl   how long user group members (usergroups.users.list) are kept
 */
@ConfigurationProperties("staffroom.slack")
public record SlackProperties(
        String botToken,
        String appToken,
        String signingSecret,
        @DefaultValue("socket") Mode mode,
        String clientId,
        String clientSecret,
        @DefaultValue("https://slack.com/api/") String apiUrl,

        @DefaultValue("https://slack.com/oauth/v2/authorize")
        String authorizeUrl,

        @DefaultValue("8") int socketConcurrency,
        @DefaultValue("2s") Duration ackWait,
        @DefaultValue("5s") Duration watchdogInterval,
        @DefaultValue("30s") Duration restartAfter,
        @DefaultValue("2s") Duration reconnectBackoff,
        @DefaultValue("60s") Duration longestBackoff,
        @DefaultValue("1h") Duration userCacheTtl,
        @DefaultValue("60s") Duration groupCacheTtl) {

    public enum Mode {
        SOCKET,
        HTTP
    }

    public SlackProperties {
        botToken = blankToNull(botToken);
        appToken = blankToNull(appToken);
        signingSecret = blankToNull(signingSecret);
        clientId = blankToNull(clientId);
        clientSecret = blankToNull(clientSecret);
        mode = mode == null ? Mode.SOCKET : mode;
        longestBackoff = longestBackoff == null ? Duration.ofSeconds(60) : longestBackoff;
        apiUrl = apiUrl == null || apiUrl.isBlank()
                ? "https://slack.com/api/"
                : (apiUrl.endsWith("/") ? apiUrl : apiUrl + "/");
    }

    /** Installs by OAuth are possible (several workspaces). */
    public boolean oauth() {
        return clientId != null && clientSecret != null;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    /** Never prints secrets: this record may end up in a log line or an error message. */
    @Override
    public String toString() {
        return "SlackProperties[mode=" + mode + ", botToken=" + set(botToken) + ", appToken=" + set(appToken)
                + ", signingSecret=" + set(signingSecret) + ", clientId=" + clientId + ", clientSecret="
                + set(clientSecret) + ", apiUrl=" + apiUrl + "]";
    }

    private static String set(String secret) {
        return secret == null ? "unset" : "set";
    }
}
