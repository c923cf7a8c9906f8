package org.staffroom.slack;

import com.slack.api.Slack;
import com.slack.api.bolt.App;
import com.slack.api.bolt.AppConfig;
import com.slack.api.bolt.context.Context;
import com.slack.api.bolt.middleware.Middleware;
import com.slack.api.bolt.middleware.MiddlewareChain;
import com.slack.api.bolt.middleware.builtin.SSLCheck;
import com.slack.api.bolt.request.Request;
import com.slack.api.bolt.request.RequestType;
import com.slack.api.bolt.request.builtin.EventRequest;
import com.slack.api.bolt.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.staffroom.chat.spi.DeliveryException;
import org.staffroom.config.ConfigReloaded;
import org.staffroom.config.Platform;
import org.staffroom.directory.Directory;

/**
 * The Bolt app both connection modes run. Its middleware is our own: HTTP requests are verified
 * before they reach Bolt (see {@link SlackHttpEndpoint}), and the workspace's bot comes from
 * {@link SlackWorkspaces} (configured token or OAuth install) without an auth.test per request.
 * Every subscribed event has a listener and any other event is acknowledged anyway, so nothing
 * goes unacknowledged and retried for want of a handler. Requests from a team that is not one of
 * the trust's Slack spaces are acknowledged and go no further (see {@link Authorization}).
 */
@Component
@Conditional(SlackConditions.Configured.class)
class SlackBolt {

    private final App app;
    private final Authorization authorization;

    SlackBolt(Slack slack, SlackWorkspaces workspaces, SlackInbound inbound, Directory directory) {
        // AppConfig's defaults read SLACK_* variables themselves: set everything we rely on.
        AppConfig config = AppConfig.builder()
                .slack(slack)
                .singleTeamBotToken(null)
                .signingSecret(null)
                .clientId(null)
                .clientSecret(null)
                .redirectUri(null)
                .scope(null)
                .userScope(null)
                .allEventsApiAutoAckEnabled(true)
                .subtypedMessageEventsAutoAckEnabled(true)
                .ignoringSelfEventsEnabled(false)
                .requestVerificationEnabled(false)
                .threadPoolSize(1)
                .build();
        this.authorization = new Authorization(workspaces, directory);
        this.app = new App(config, new ArrayList<>(List.of(new SSLCheck(null), authorization)));
        inbound.register(app);
    }

    App app() {
        return app;
    }

    /** A new configuration may drop or add a workspace: an unknown team is warned about afresh. */
    @EventListener
    void on(ConfigReloaded reloaded) {
        authorization.forgetWarnings();
    }

    /**
     * Puts the workspace's bot into the context. A request from a team that is not a Slack space
     * in {@code schools.yml} (as configured at that moment), or where Staffroom is not installed,
     * is acknowledged, so Slack does not send it again, and handled no further; each such team is
     * logged once (never the payload). Only an uninstall from such a team still goes through, so
     * the token stored for it is forgotten.
     */
    static final class Authorization implements Middleware {

        private static final Logger log = LoggerFactory.getLogger(Authorization.class);
        /** Signed requests come from Slack only, but the set of warned teams stays bounded anyway. */
        private static final int MAX_WARNED = 10_000;

        private final SlackWorkspaces workspaces;
        private final Directory directory;
        private final Set<String> warned = ConcurrentHashMap.newKeySet();

        Authorization(SlackWorkspaces workspaces, Directory directory) {
            this.workspaces = workspaces;
            this.directory = directory;
        }

        @Override
        public Response apply(Request req, Response resp, MiddlewareChain chain) throws Exception {
            RequestType type = req.getRequestType();
            if (type == RequestType.UrlVerification || type == RequestType.SSLCheck) return chain.next(req);
            Context ctx = req.getContext();
            String team = ctx.getTeamId();
            if (team != null && !team.isBlank() && !trustSpace(team)) {
                if (uninstall(req)) return chain.next(req);
                ignore(type, team, "it is not a Slack space in schools.yml");
                return Response.ok();
            }
            Optional<SlackWorkspaces.SlackWorkspace> ws;
            try {
                ws = workspaces.find(team);
            } catch (DeliveryException e) {
                if (e.permanent()) {
                    log.error("The Slack bot token is refused ({}); request from {} ignored", e.getMessage(), team);
                    return Response.ok();
                }
                // Slack cannot be asked who the bot is right now: no ack, Slack sends it again.
                throw new IllegalStateException("Slack workspace unknown for now: " + e.getMessage(), e);
            }
            if (ws.isEmpty()) {
                ignore(type, team, "Staffroom is not installed there");
                return Response.ok();
            }
            if (!trustSpace(ws.get().teamId())) {
                // No team on the request, and the one workspace there is (the bot token's) is not the trust's.
                ignore(type, ws.get().teamId(), "it is not a Slack space in schools.yml");
                return Response.ok();
            }
            ctx.setBotToken(ws.get().botToken());
            ctx.setBotUserId(ws.get().botUserId());
            ctx.setBotId(ws.get().botId());
            return chain.next(req);
        }

        /** Read from the configuration in force now, so an edit to schools.yml counts at once. */
        private boolean trustSpace(String team) {
            return directory.config().space(Platform.SLACK, team).isPresent();
        }

        private static boolean uninstall(Request<?> req) {
            return req instanceof EventRequest e && "app_uninstalled".equals(e.getEventType());
        }

        private void ignore(RequestType type, String team, String why) {
            String key = team == null || team.isBlank() ? "(none)" : team;
            if (warned.size() < MAX_WARNED && warned.add(key)) {
                log.warn(
                        "Ignoring Slack requests from workspace {}: {} (first request: {}; acknowledged, not handled, "
                                + "logged once)",
                        key.replaceAll("[^A-Za-z0-9()]", "?"),
                        why,
                        type);
            }
        }

        void forgetWarnings() {
            warned.clear();
        }
    }
}
