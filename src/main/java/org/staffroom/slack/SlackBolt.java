package org.staffroom.slack;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.slack.api.Slack;
import com.slack.api.bolt.App;
import com.slack.api.bolt.AppConfig;
import com.slack.api.bolt.context.Context;
import com.slack.api.bolt.middleware.Middleware;
import com.slack.api.bolt.middleware.MiddlewareChain;
import com.slack.api.bolt.middleware.builtin.SSLCheck;
import com.slack.api.bolt.request.Request;
import com.slack.api.bolt.request.RequestType;
import com.slack.api.bolt.response.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Conditional;
import org.springframework.stereotype.Component;

import org.staffroom.chat.spi.DeliveryException;

/**
 * The Bolt app both connection modes run. Its middleware is our own: HTTP requests are verified
 * before they reach Bolt (see {@link SlackHttpEndpoint}), and the workspace's bot comes from
 * {@link SlackWorkspaces} (configured token or OAuth install) without an auth.test per request.
 * Every subscribed event has a listener and any other event is acknowledged anyway, so nothing
 * goes unacknowledged and retried for want of a handler.
 */
@Component
@Conditional(SlackConditions.Configured.class)
class SlackBolt {

    private final App app;

    SlackBolt(Slack slack, SlackWorkspaces workspaces, SlackInbound inbound) {
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
        this.app = new App(config, new ArrayList<>(List.of(new SSLCheck(null), new Authorization(workspaces))));
        inbound.register(app);
    }

    App app() {
        return app;
    }

    /** Puts the workspace's bot into the context; ignores (acknowledges) requests from unknown workspaces. */
    static final class Authorization implements Middleware {

        private static final Logger log = LoggerFactory.getLogger(Authorization.class);

        private final SlackWorkspaces workspaces;

        Authorization(SlackWorkspaces workspaces) {
            this.workspaces = workspaces;
        }

        @Override
        public Response apply(Request req, Response resp, MiddlewareChain chain) throws Exception {
            RequestType type = req.getRequestType();
            if (type == RequestType.UrlVerification || type == RequestType.SSLCheck) return chain.next(req);
            Context ctx = req.getContext();
            Optional<SlackWorkspaces.SlackWorkspace> ws;
            try {
                ws = workspaces.find(ctx.getTeamId());
            } catch (DeliveryException e) {
                if (e.permanent()) {
                    log.error("The Slack bot token is refused ({}); request from {} ignored", e.getMessage(), ctx.getTeamId());
                    return Response.ok();
                }
                // Slack cannot be asked who the bot is right now: no ack, Slack sends it again.
                throw new IllegalStateException("Slack workspace unknown for now: " + e.getMessage(), e);
            }
            if (ws.isEmpty()) {
                log.warn("Ignored a Slack {} from workspace {}, where Staffroom is not installed", type, ctx.getTeamId());
                return Response.ok();
            }
            ctx.setBotToken(ws.get().botToken());
            ctx.setBotUserId(ws.get().botUserId());
            ctx.setBotId(ws.get().botId());
            return chain.next(req);
        }
    }
}
