package org.staffroom.chat.spi;

import java.time.Duration;

/**
 * A platform refused or failed a call. {@code retryAfter} is set when the platform said when to
 * try again (HTTP 429); {@code permanent} when trying again cannot help (channel not found, no
 * permission), so the post is marked failed instead of retried.
 */
public class DeliveryException extends Exception {

    private final Duration retryAfter;
    private final boolean permanent;

    public DeliveryException(String message, Duration retryAfter, boolean permanent, Throwable cause) {
        super(message, cause);
        this.retryAfter = retryAfter;
        this.permanent = permanent;
    }

    public static DeliveryException rateLimited(Duration retryAfter, String detail) {
        return new DeliveryException("rate limited: " + detail, retryAfter, false, null);
    }

    public static DeliveryException permanent(String detail, Throwable cause) {
        return new DeliveryException(detail, null, true, cause);
    }

    public static DeliveryException transientFailure(String detail, Throwable cause) {
        return new DeliveryException(detail, null, false, cause);
    }

    public Duration retryAfter() {
        return retryAfter;
    }

    public boolean permanent() {
        return permanent;
    }
}
