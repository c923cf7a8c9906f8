package org.staffroom.publishing;

import java.time.Duration;

/**
 * A network said no. {@link #getMessage()} is the network's reason in plain words, fit to show on
 * a card (never a token, never a stack trace).
 */
public class NetworkException extends Exception {

    /** What kind of no, which decides what the outbox does next. */
    public enum Reason {
        /** The token expired or was revoked: someone must reconnect; retried only by hand. */
        EXPIRED_TOKEN(false),
        /** Too many requests: retried after the network's wait. */
        RATE_LIMITED(true),
        /** A photo was refused (size, format): retried only by hand. */
        MEDIA_REFUSED(false),
        /** The post was refused for another reason: retried only by hand. */
        REJECTED(false),
        /** The network could not be reached or failed: retried with backoff. */
        UNAVAILABLE(true);

        private final boolean transientFailure;

        Reason(boolean transientFailure) {
            this.transientFailure = transientFailure;
        }

        public boolean retriesByItself() {
            return transientFailure;
        }
    }

    private final Reason reason;
    private final Duration retryAfter;

    public NetworkException(Reason reason, String plainWords) {
        this(reason, plainWords, null);
    }

    public NetworkException(Reason reason, String plainWords, Duration retryAfter) {
        super(plainWords, null, false, false);
        this.reason = reason;
        this.retryAfter = retryAfter;
    }

    public Reason reason() {
        return reason;
    }

    /** The network's own wait, when it gave one. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
