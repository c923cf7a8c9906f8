package org.staffroom.slack;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.slack.api.Slack;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.response.auth.AuthTestResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.context.annotation.Conditional;
import org.springframework.stereotype.Component;
import org.staffroom.chat.spi.DeliveryException;
import org.staffroom.config.Platform;
import org.staffroom.directory.Directory;

/**
 * Which bot token speaks for a workspace: the configured bot token's workspace (learned once with
 * auth.test), or an OAuth installation from the database. Tokens never leave this class except
 * into SDK calls.
 */
@Component
@Conditional(SlackConditions.Configured.class)
class SlackWorkspaces {

    private static final Duration INSTALL_CACHE = Duration.ofSeconds(30);

    private final Slack slack;
    private final SlackProperties properties;
    private final SlackInstallationStore installations;
    private final Directory directory;
    private final Clock clock;
    /** Installs (or their absence) by team, for {@link #INSTALL_CACHE} on the injected clock; bounded. */
    private final Cache<String, Optional<SlackWorkspace>> byTeam;

    private volatile SlackWorkspace single;

    SlackWorkspaces(
            Slack slack,
            SlackProperties properties,
            SlackInstallationStore installations,
            Directory directory,
            Clock clock) {
        this.slack = slack;
        this.directory = directory;
        this.properties = properties;
        this.installations = installations;
        this.clock = clock;
        this.byTeam = Caffeine.newBuilder()
                .maximumSize(1_000)
                .expireAfterWrite(INSTALL_CACHE)
                .ticker(() -> Duration.between(Instant.EPOCH, clock.instant()).toNanos())
                .build();
    }

    /** The workspace {@code teamId} if Staffroom is installed there. */
    Optional<SlackWorkspace> find(String teamId) throws DeliveryException {
        if (teamId == null || teamId.isBlank()) return Optional.ofNullable(single());
        SlackWorkspace s = single();
        if (s != null && s.teamId().equals(teamId)) return Optional.of(s);
        if (!properties.oauth()) return Optional.empty();
        Optional<SlackWorkspace> cached = byTeam.getIfPresent(teamId);
        if (cached != null) return cached;
        Optional<SlackWorkspace> found;
        try {
            found = installations
                    .find(teamId)
                    .map(i -> new SlackWorkspace(i.teamId(), i.botToken(), i.botUserId(), i.botId()));
        } catch (IllegalStateException e) {
            // The stored token does not open (another STAFFROOM_SECRET_KEY): only a reinstall helps.
            throw DeliveryException.permanent(e.getMessage() + "; install Staffroom in that workspace again", e);
        }
        byTeam.put(teamId, found);
        return found;
    }

    SlackWorkspace require(String teamId) throws DeliveryException {
        return find(teamId)
                .orElseThrow(() ->
                        DeliveryException.permanent("Staffroom is not installed in Slack workspace " + teamId, null));
    }

    /** The one workspace there is, when there is exactly one (for calls that carry no team). */
    Optional<SlackWorkspace> only() throws DeliveryException {
        SlackWorkspace s = single();
        // Installs left from workspaces that are not (or no longer) the trust's do not count.
        List<String> installed = !properties.oauth()
                ? List.of()
                : installations.teamIds().stream()
                        .filter(t -> directory.config().space(Platform.SLACK, t).isPresent())
                        .toList();
        if (s != null && installed.stream().allMatch(t -> t.equals(s.teamId()))) return Optional.of(s);
        if (s == null && installed.size() == 1) return find(installed.get(0));
        return Optional.empty();
    }

    /** Drops a cached install (after an uninstall or a fresh install). */
    void forget(String teamId) {
        byTeam.invalidate(teamId);
    }

    /** The configured bot token's workspace, asked of Slack the first time it is needed. */
    SlackWorkspace single() throws DeliveryException {
        if (properties.botToken() == null) return null;
        SlackWorkspace s = single;
        if (s != null) return s;
        synchronized (this) {
            if (single != null) return single;
            try {
                AuthTestResponse r = slack.methods().authTest(q -> q.token(properties.botToken()));
                if (!r.isOk()) {
                    throw SlackApi.failure("auth.test", r.getError());
                }
                single = new SlackWorkspace(r.getTeamId(), properties.botToken(), r.getUserId(), r.getBotId());
                return single;
            } catch (SlackApiException e) {
                throw SlackApi.failure("auth.test", e);
            } catch (IOException e) {
                throw DeliveryException.transientFailure("auth.test: " + e.getMessage(), e);
            }
        }
    }

    /** A workspace and the bot that speaks in it. {@code botToken} is secret and kept out of toString. */
    record SlackWorkspace(String teamId, String botToken, String botUserId, String botId) {
        @Override
        public String toString() {
            return "SlackWorkspace[team=" + teamId + ", botUser=" + botUserId + "]";
        }
    }
}
