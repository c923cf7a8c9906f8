package org.staffroom.discord;

import java.io.IOException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import net.dv8tion.jda.api.exceptions.ErrorResponseException;
import net.dv8tion.jda.api.exceptions.InsufficientPermissionException;
import net.dv8tion.jda.api.exceptions.RateLimitedException;
import net.dv8tion.jda.api.requests.ErrorResponse;
import net.dv8tion.jda.api.requests.RestAction;
import org.staffroom.chat.spi.DeliveryException;

/**
 * Runs JDA requests for the connector and says what a failure means for delivery. JDA already
 * waits out 429s (per route and global) and retries 502/503/504/520–524/529 with the same body, so
 * a call here just takes longer; what comes out as an error is either permanent (the channel or
 * message is gone, the bot may not post there, the request is invalid) or worth retrying later.
 */
final class JdaCalls {

    /** Longer than JDA's own retries of a 5xx (0.5 + 1 + 2 + 4 s) plus a typical Retry-After. */
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** Failures that trying again cannot fix. */
    static final Set<ErrorResponse> PERMANENT = EnumSet.of(
            ErrorResponse.UNKNOWN_CHANNEL,
            ErrorResponse.UNKNOWN_GUILD,
            ErrorResponse.UNKNOWN_MESSAGE,
            ErrorResponse.UNKNOWN_USER,
            ErrorResponse.UNKNOWN_EMOJI,
            ErrorResponse.MISSING_ACCESS,
            ErrorResponse.MISSING_PERMISSIONS,
            ErrorResponse.CANNOT_SEND_TO_USER,
            ErrorResponse.INVALID_FORM_BODY,
            ErrorResponse.UNKNOWN_INTERACTION,
            ErrorResponse.UNKNOWN_WEBHOOK);

    private JdaCalls() {}

    static <T> T call(RestAction<T> action, String what) throws DeliveryException {
        try {
            return action.submit().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw failure(e.getCause() == null ? e : e.getCause(), what);
        } catch (TimeoutException e) {
            // The request may still go out; a post retried later carries the same nonce.
            throw DeliveryException.transientFailure(
                    what + ": no answer from Discord within " + TIMEOUT.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw DeliveryException.transientFailure(what + ": interrupted", e);
        } catch (RuntimeException e) {
            throw failure(e, what);
        }
    }

    static DeliveryException failure(Throwable t, String what) {
        if (t instanceof ErrorResponseException e) {
            String detail = what + ": Discord answered " + e.getErrorCode() + " " + e.getMeaning();
            if (PERMANENT.contains(e.getErrorResponse())) return DeliveryException.permanent(detail, e);
            if (e.isServerError()) return DeliveryException.transientFailure(detail, e);
            int status = e.getResponse() == null ? 0 : e.getResponse().code;
            // Other 4xx answers are about the request itself, except 401 (a token being reset) and 429.
            boolean permanent = status >= 400 && status < 500 && status != 401 && status != 429;
            return permanent ? DeliveryException.permanent(detail, e) : DeliveryException.transientFailure(detail, e);
        }
        if (t instanceof RateLimitedException r) {
            return DeliveryException.rateLimited(Duration.ofMillis(Math.max(1, r.getRetryAfter())), what);
        }
        if (t instanceof InsufficientPermissionException p) {
            return DeliveryException.permanent(
                    what + ": the bot lacks " + p.getPermission().getName(), p);
        }
        if (t instanceof IllegalArgumentException || t instanceof UnsupportedOperationException) {
            return DeliveryException.permanent(what + ": " + t.getMessage(), t);
        }
        if (t instanceof IOException || t instanceof TimeoutException) {
            return DeliveryException.transientFailure(what + ": " + t, t);
        }
        return DeliveryException.transientFailure(what + ": " + t, t);
    }

    static boolean is(Throwable t, ErrorResponse response) {
        return t instanceof ErrorResponseException e && e.getErrorResponse() == response;
    }

    static boolean is(DeliveryException e, ErrorResponse response) {
        return is(e.getCause(), response);
    }
}
