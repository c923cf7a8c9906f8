package org.staffroom.slack;

import com.slack.api.Slack;
import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.SlackApiTextResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.Set;
import org.springframework.context.annotation.Conditional;
import org.springframework.stereotype.Component;
import org.staffroom.chat.spi.AttachmentDownloader;
import org.staffroom.chat.spi.DeliveryException;

/**
 * Web API calls with the right workspace's token, and Slack's failures in the core's terms: a
 * 429 becomes {@link DeliveryException#rateLimited} with its Retry-After (the delivery sender
 * waits and tries again), errors that trying again cannot fix are permanent, the rest transient.
 */
@Component
@Conditional(SlackConditions.Configured.class)
record SlackApi(Slack slack, SlackWorkspaces workspaces) {

    /** {@code ok:false} errors worth trying again; every other error is permanent. */
    private static final Set<String> TRANSIENT = Set.of(
            "internal_error",
            "fatal_error",
            "service_unavailable",
            "request_timeout",
            "ratelimited",
            "rate_limited",
            "team_added_to_org",
            "accesslimited");

    @FunctionalInterface
    interface Method<T extends SlackApiTextResponse> {
        T call(MethodsClient client) throws IOException, SlackApiException;
    }

    /** Calls {@code method} as the bot of workspace {@code teamId}; fails unless Slack answered ok. */
    <T extends SlackApiTextResponse> T call(String teamId, String method, Method<T> fn) throws DeliveryException {
        SlackWorkspaces.SlackWorkspace ws = workspaces.require(teamId);
        return call(slack.methods(ws.botToken(), ws.teamId()), method, fn);
    }

    /**
     * As {@link #call(String, String, Method)}, but Slack's error code {@code alreadyDone} counts as success:
     * what was asked for is already so (a reaction already there, a message already deleted).
     */
    <T extends SlackApiTextResponse> void callAccepting(String teamId, String method, String alreadyDone, Method<T> fn)
            throws DeliveryException {
        SlackWorkspaces.SlackWorkspace ws = workspaces.require(teamId);
        call(slack.methods(ws.botToken(), ws.teamId()), method, alreadyDone, fn);
    }

    static <T extends SlackApiTextResponse> T call(MethodsClient client, String method, Method<T> fn)
            throws DeliveryException {
        return call(client, method, null, fn);
    }

    /** Classifies by Slack's error code ({@code error} in the answer), never by the text of a message. */
    private static <T extends SlackApiTextResponse> T call(
            MethodsClient client, String method, String alreadyDone, Method<T> fn) throws DeliveryException {
        try {
            T r = fn.call(client);
            if (r == null) throw DeliveryException.transientFailure(method + ": no answer", null);
            if (!r.isOk() && (alreadyDone == null || !alreadyDone.equals(r.getError())))
                throw failure(method, r.getError());
            return r;
        } catch (SlackApiException e) {
            if (alreadyDone != null
                    && e.getError() != null
                    && alreadyDone.equals(e.getError().getError())) return null;
            throw failure(method, e);
        } catch (IOException e) {
            throw DeliveryException.transientFailure(method + ": " + e.getMessage(), e);
        }
    }

    static DeliveryException failure(String method, String error) {
        if ("ratelimited".equals(error) || "rate_limited".equals(error)) {
            return DeliveryException.rateLimited(Duration.ofSeconds(1), method);
        }
        if (error != null && TRANSIENT.contains(error)) {
            return DeliveryException.transientFailure(method + ": " + error, null);
        }
        return DeliveryException.permanent(method + ": " + error, null);
    }

    static DeliveryException failure(String method, SlackApiException e) {
        int code = e.getResponse() == null ? 0 : e.getResponse().code();
        String error = e.getError() == null ? null : e.getError().getError();
        if (code == 429) {
            return DeliveryException.rateLimited(
                    retryAfter(e.getResponse() == null ? null : e.getResponse().header("Retry-After")), method);
        }
        if (code >= 500 || code == 408 || code == 0) {
            return DeliveryException.transientFailure(method + ": HTTP " + code, e);
        }
        if (error != null) return failure(method, error);
        return DeliveryException.permanent(method + ": HTTP " + code, e);
    }

    static Duration retryAfter(String header) {
        return AttachmentDownloader.retryAfter(header);
    }
}
