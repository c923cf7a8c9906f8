package org.staffroom.testing.slack;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Scripted Web API faults, per-method delays and the rate-limit monitor. Thread-safe. */
final class Faults {

    /** One scripted answer that replaces the real one. */
    static final class Fault {
        final int status;
        final Integer retryAfterSeconds;
        final String error;

        Fault(int status, Integer retryAfterSeconds, String error) {
            this.status = status;
            this.retryAfterSeconds = retryAfterSeconds;
            this.error = error;
        }

        String body() {
            return Json.toJson(Json.obj("ok", false, "error", error));
        }
    }

    /** Outcome of the rate-limit monitor for one call. */
    enum Limit {
        WITHIN,
        EXCEEDED_RECORDED,
        EXCEEDED_ENFORCED
    }

    /** The monitor's verdict, with the whole seconds until the window frees (Slack's Retry-After). */
    record Verdict(Limit limit, int retryAfterSeconds) {
        static final Verdict WITHIN = new Verdict(Limit.WITHIN, 0);
    }

    /** {@code limit} calls in any sliding {@code window}. */
    private record RateLimit(int limit, long windowNanos, boolean enforce) {}

    private final Map<String, Deque<Fault>> scripted = new HashMap<>();
    private final Map<String, Duration> delays = new ConcurrentHashMap<>();
    private final Map<String, Duration> delaysAfterCommit = new ConcurrentHashMap<>();
    private final Map<String, RateLimit> limits = new ConcurrentHashMap<>();
    private final Map<String, RateLimit> workspaceLimits = new ConcurrentHashMap<>();
    private final Map<String, Deque<Long>> windows = new HashMap<>();

    synchronized void script(String method, int times, Fault fault) {
        Deque<Fault> q = scripted.computeIfAbsent(method, k -> new ArrayDeque<>());
        for (int i = 0; i < times; i++) {
            q.add(fault);
        }
    }

    /** The next scripted fault for this method (or for {@code *}), consuming it. */
    synchronized Fault take(String method) {
        Deque<Fault> q = scripted.get(method);
        if (q != null && !q.isEmpty()) {
            return q.poll();
        }
        Deque<Fault> any = scripted.get("*");
        return any == null ? null : any.poll();
    }

    void delay(String method, Duration d) {
        if (d == null || d.isZero()) {
            delays.remove(method);
        } else {
            delays.put(method, d);
        }
    }

    Duration delayFor(String method) {
        Duration d = delays.get(method);
        return d != null ? d : delays.getOrDefault("*", Duration.ZERO);
    }

    void delayAfterCommit(String method, Duration d) {
        if (d == null || d.isZero()) {
            delaysAfterCommit.remove(method);
        } else {
            delaysAfterCommit.put(method, d);
        }
    }

    Duration delayAfterCommitFor(String method) {
        return delaysAfterCommit.getOrDefault(method, Duration.ZERO);
    }

    void rateLimit(String method, int perSecond, boolean enforce) {
        limits.put(method, new RateLimit(perSecond, 1_000_000_000L, enforce));
    }

    /** A ceiling for all channels of each workspace together: {@code limit} calls in any sliding {@code window}. */
    void rateLimitWorkspace(String method, int limit, Duration window, boolean enforce) {
        workspaceLimits.put(method, new RateLimit(limit, window.toNanos(), enforce));
    }

    /**
     * Sliding windows per method, for the calling workspace ({@code team}) and per channel (Slack's
     * {@code chat.postMessage} limit is about one message per second per channel, under a ceiling for each
     * workspace).
     */
    synchronized Verdict check(String method, String team, String channel, long nowNanos) {
        RateLimit all = workspaceLimits.get(method);
        if (all != null) {
            Verdict v =
                    within(all, windows.computeIfAbsent(method + "|team:" + team, k -> new ArrayDeque<>()), nowNanos);
            if (v.limit() != Limit.WITHIN) {
                return v;
            }
        }
        RateLimit limit = limits.get(method);
        if (limit == null) {
            return Verdict.WITHIN;
        }
        Deque<Long> w = windows.computeIfAbsent(method + "|" + channel, k -> new ArrayDeque<>());
        return within(limit, w, nowNanos);
    }

    private static Verdict within(RateLimit limit, Deque<Long> w, long nowNanos) {
        while (!w.isEmpty() && nowNanos - w.peekFirst() >= limit.windowNanos()) {
            w.pollFirst();
        }
        if (w.size() >= limit.limit()) {
            long waitNanos = w.peekFirst() + limit.windowNanos() - nowNanos;
            int retryAfter = (int) Math.max(1, Math.ceil(waitNanos / 1e9));
            return new Verdict(limit.enforce() ? Limit.EXCEEDED_ENFORCED : Limit.EXCEEDED_RECORDED, retryAfter);
        }
        w.addLast(nowNanos);
        return Verdict.WITHIN;
    }

    synchronized void clear() {
        scripted.clear();
        delays.clear();
        delaysAfterCommit.clear();
        limits.clear();
        workspaceLimits.clear();
        windows.clear();
    }
}
