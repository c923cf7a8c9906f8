package org.staffroom.testing.discord;

import java.time.Duration;

/**
 * A fault the fake REST API injects into matching requests; see {@link FakeDiscord#injectFault}.
 *
 * @param kind       what happens
 * @param status     HTTP status for {@link Kind#STATUS} and {@link Kind#ERROR_AFTER_COMMIT}
 * @param duration   Retry-After for the 429 kinds, the pause for {@link Kind#DELAY}
 */
public record RestFault(Kind kind, int status, Duration duration) {

    /** The kinds of fault. */
    public enum Kind {
        /** 429 for this route's bucket: {@code Via} set, no {@code X-RateLimit-Global}, scope "user". */
        RATE_LIMITED,
        /** 429 with {@code X-RateLimit-Global: true}: JDA pauses every non-interaction request. */
        GLOBAL_RATE_LIMITED,
        /** 429 without a {@code Via} header: JDA treats it as a Cloudflare ban of the whole IP. */
        CLOUDFLARE_RATE_LIMITED,
        /** Answers the status with a Discord-style JSON error and does nothing else. */
        STATUS,
        /** Handles the request (e.g. creates the message), then answers the status anyway, like a flaky proxy. */
        ERROR_AFTER_COMMIT,
        /** Waits, then handles the request normally. */
        DELAY,
        /** Closes the TCP connection without any answer (the request is not handled). */
        DISCONNECT,
        /** Handles the request, then closes the TCP connection without an answer (a reset after commit). */
        DISCONNECT_AFTER_COMMIT
    }

    /** A per-route 429 with this Retry-After (JDA honours whole seconds). */
    public static RestFault rateLimited(Duration retryAfter) {
        return new RestFault(Kind.RATE_LIMITED, 429, retryAfter);
    }

    /** A global 429 with this Retry-After. */
    public static RestFault globalRateLimited(Duration retryAfter) {
        return new RestFault(Kind.GLOBAL_RATE_LIMITED, 429, retryAfter);
    }

    /** A 429 that JDA reads as a Cloudflare ban (no Via header). */
    public static RestFault cloudflareRateLimited(Duration retryAfter) {
        return new RestFault(Kind.CLOUDFLARE_RATE_LIMITED, 429, retryAfter);
    }

    /** Answers {@code status} without handling the request. */
    public static RestFault status(int status) {
        return new RestFault(Kind.STATUS, status, Duration.ZERO);
    }

    /** Handles the request, then answers {@code status} (e.g. 502): the classic "did it post?" fault. */
    public static RestFault errorAfterCommit(int status) {
        return new RestFault(Kind.ERROR_AFTER_COMMIT, status, Duration.ZERO);
    }

    /** Delays the answer; the request is handled after the delay. */
    public static RestFault delay(Duration delay) {
        return new RestFault(Kind.DELAY, 0, delay);
    }

    /** Drops the connection without answering; OkHttp (inside JDA) silently retries such a request once. */
    public static RestFault disconnect() {
        return new RestFault(Kind.DISCONNECT, 0, Duration.ZERO);
    }

    /** Handles the request (e.g. creates the message), then drops the connection without answering. */
    public static RestFault disconnectAfterCommit() {
        return new RestFault(Kind.DISCONNECT_AFTER_COMMIT, 0, Duration.ZERO);
    }
}
