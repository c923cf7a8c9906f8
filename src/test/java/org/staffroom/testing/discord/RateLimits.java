package org.staffroom.testing.discord;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.node.ObjectNode;

/**
 * Discord's REST rate limits, as the fake applies them.
 *
 * <p>Always on: after any 429 (injected or enforced) a request to the same bucket before Retry-After has
 * passed is recorded as an <em>early request</em>. With {@link #enforce(boolean) enforcement} on, the fake
 * also counts requests in fixed windows per bucket and major parameter (channel, guild or webhook), answers
 * 429 when a window is exhausted or more than 50 non-interaction requests arrive within one second, and puts
 * {@code X-RateLimit-Limit/Remaining/Reset/Reset-After/Bucket} on every other answer so JDA can pace itself.
 *
 * <p>Windows: 5 messages per 5 s per channel and 1 reaction per 250 ms per channel (Discord's published
 * figures); message edits and deletes 5 per 5 s per channel and everything else 50 per second per route and
 * major parameter (assumptions; Discord does not publish those). Change them with {@link #rule}.
 */
public final class RateLimits {

    /**
     * Discord's global limit, "50 requests per second" for a bot
     * (https://discord.com/developers/docs/topics/rate-limits#global-rate-limit).
     */
    public static final int GLOBAL_PER_SECOND = 50;

    /**
     * Messages a bot may create in one channel per {@link #MESSAGE_WINDOW}: 5 per 5 s, the figure Discord's
     * per-route headers give for {@code POST /channels/{id}/messages} (the docs publish the header shapes,
     * https://discord.com/developers/docs/topics/rate-limits, not per-route numbers).
     */
    public static final int MESSAGES_PER_CHANNEL = 5;

    public static final Duration MESSAGE_WINDOW = Duration.ofSeconds(5);

    /** What a violation was. */
    public enum Kind {
        /** A request to a bucket that was told to wait (429 Retry-After not yet over). */
        ROUTE_EARLY,
        /** A request beyond the bucket's window while enforcing. */
        ROUTE_EXCEEDED,
        /** A request while a global (or Cloudflare) 429 was in force. */
        GLOBAL_EARLY,
        /** More than the global limit within its window while enforcing. */
        GLOBAL_EXCEEDED
    }

    /**
     * A request that broke a rate limit.
     *
     * @param earlyByMillis how much sooner than allowed the request came
     */
    public record Violation(Kind kind, String method, String path, String bucket, long earlyByMillis, Instant at) {}

    /** A bucket's window: {@code limit} requests per {@code window}. */
    public record Rule(int limit, Duration window) {}

    private static final class Window {
        long startNanos;
        long endNanos;
        int used;
    }

    private final Map<String, Rule> rules = new HashMap<>();
    private final Map<String, Window> windows = new HashMap<>();
    private final Map<String, Long> blockedUntil = new HashMap<>();
    private final Deque<Long> globalRecent = new ArrayDeque<>();
    private final List<Violation> violations = new ArrayList<>();
    private long globalBlockedUntil = Long.MIN_VALUE;
    private long cloudflareBlockedUntil = Long.MIN_VALUE;
    private boolean enforce;
    private int globalLimit = GLOBAL_PER_SECOND;
    private Duration globalWindow = Duration.ofSeconds(1);

    RateLimits() {
        rules.put("message-create", new Rule(MESSAGES_PER_CHANNEL, MESSAGE_WINDOW));
        rules.put("message-edit", new Rule(5, Duration.ofSeconds(5)));
        rules.put("message-delete", new Rule(5, Duration.ofSeconds(5)));
        rules.put("reaction", new Rule(1, Duration.ofMillis(250)));
        rules.put("default", new Rule(50, Duration.ofSeconds(1)));
    }

    /** Turns enforcement (429s for exceeded windows, rate-limit headers) on or off. */
    public synchronized RateLimits enforce(boolean on) {
        this.enforce = on;
        return this;
    }

    public synchronized boolean enforcing() {
        return enforce;
    }

    /**
     * Overrides a bucket's window. Buckets: {@code message-create}, {@code message-edit},
     * {@code message-delete}, {@code reaction}, {@code default}.
     */
    public synchronized RateLimits rule(String bucket, int limit, Duration window) {
        rules.put(bucket, new Rule(limit, window));
        return this;
    }

    /** Overrides the global limit (Discord: 50 per second). */
    public synchronized RateLimits global(int limit, Duration window) {
        this.globalLimit = limit;
        this.globalWindow = window;
        return this;
    }

    /** Every violation so far, in order. */
    public synchronized List<Violation> violations() {
        return List.copyOf(violations);
    }

    /** Requests sent to a bucket (or globally) before the Retry-After of an earlier 429 had passed. */
    public synchronized List<Violation> earlyRequests() {
        return violations.stream()
                .filter(v -> v.kind() == Kind.ROUTE_EARLY || v.kind() == Kind.GLOBAL_EARLY)
                .toList();
    }

    /** Forgets violations, windows and blocks. */
    public synchronized void reset() {
        violations.clear();
        windows.clear();
        blockedUntil.clear();
        globalRecent.clear();
        globalBlockedUntil = Long.MIN_VALUE;
        cloudflareBlockedUntil = Long.MIN_VALUE;
    }

    // ---------------------------------------------------------------------------------------------
    // Used by the REST server

    /** Identifies the bucket of a request: a name (for rules and the hash header) and a key with the major parameter. */
    record Bucket(String name, String key, boolean interaction) {}

    static Bucket bucketOf(String method, String route, Map<String, String> params) {
        boolean interaction = route.startsWith("interactions/") || route.startsWith("webhooks/");
        String major;
        if (params.containsKey("channel_id")) {
            major = params.get("channel_id");
        } else if (params.containsKey("guild_id")) {
            major = params.get("guild_id");
        } else if (params.containsKey("interaction_token")) {
            major = params.get("interaction_token");
        } else {
            major = "-";
        }
        String name;
        if (method.equals("POST") && route.equals("channels/{channel_id}/messages")) {
            name = "message-create";
        } else if (method.equals("PATCH") && route.equals("channels/{channel_id}/messages/{message_id}")) {
            name = "message-edit";
        } else if (method.equals("DELETE") && route.equals("channels/{channel_id}/messages/{message_id}")) {
            name = "message-delete";
        } else if (route.startsWith("channels/{channel_id}/messages/{message_id}/reactions/")
                && !method.equals("GET")) {
            name = "reaction";
        } else {
            name = method.toLowerCase(Locale.ROOT) + " " + route;
        }
        return new Bucket(name, name + ":" + major, interaction);
    }

    /**
     * Records early requests and, when enforcing, decides whether the request is over a limit.
     *
     * @return a 429 answer if enforcement rejects the request
     */
    synchronized Optional<RestAnswer> admit(String method, String path, Bucket bucket) {
        long now = System.nanoTime();
        Instant at = Instant.now();
        boolean globalEarly = false;
        if (now < cloudflareBlockedUntil || (!bucket.interaction() && now < globalBlockedUntil)) {
            long until = Math.max(cloudflareBlockedUntil, bucket.interaction() ? Long.MIN_VALUE : globalBlockedUntil);
            violations.add(new Violation(Kind.GLOBAL_EARLY, method, path, bucket.key(), millis(until - now), at));
            globalEarly = true;
        }
        Long blocked = blockedUntil.get(bucket.key());
        boolean routeEarly = blocked != null && now < blocked;
        if (routeEarly) {
            violations.add(new Violation(Kind.ROUTE_EARLY, method, path, bucket.key(), millis(blocked - now), at));
        }
        if (!enforce || bucket.interaction()) {
            return Optional.empty();
        }
        if (globalEarly) {
            return Optional.of(tooMany(Math.max(globalBlockedUntil, cloudflareBlockedUntil) - now, bucket, true));
        }
        if (routeEarly) {
            return Optional.of(tooMany(blocked - now, bucket, false));
        }
        while (!globalRecent.isEmpty() && globalRecent.peekFirst() <= now - globalWindow.toNanos()) {
            globalRecent.pollFirst();
        }
        if (globalRecent.size() >= globalLimit) {
            long wait = globalRecent.peekFirst() + globalWindow.toNanos() - now;
            violations.add(new Violation(Kind.GLOBAL_EXCEEDED, method, path, bucket.key(), millis(wait), at));
            globalBlockedUntil = now + wait;
            return Optional.of(tooMany(wait, bucket, true));
        }
        Window window = window(bucket, now);
        Rule rule = rule(bucket);
        if (window.used >= rule.limit()) {
            long wait = window.endNanos - now;
            violations.add(new Violation(Kind.ROUTE_EXCEEDED, method, path, bucket.key(), millis(wait), at));
            blockedUntil.put(bucket.key(), window.endNanos);
            return Optional.of(tooMany(wait, bucket, false));
        }
        window.used++;
        globalRecent.addLast(now);
        return Optional.empty();
    }

    /** Rate-limit headers for a successful answer (only while enforcing, like a real bucket). */
    synchronized void decorate(RestAnswer answer, Bucket bucket) {
        if (!enforce || bucket.interaction()) {
            return;
        }
        long now = System.nanoTime();
        Window window = window(bucket, now);
        Rule rule = rule(bucket);
        long remainingNanos = Math.max(0, window.endNanos - now);
        answer.withHeader("X-RateLimit-Limit", Integer.toString(rule.limit()))
                .withHeader("X-RateLimit-Remaining", Integer.toString(Math.max(0, rule.limit() - window.used)))
                .withHeader("X-RateLimit-Reset-After", seconds(remainingNanos))
                .withHeader("X-RateLimit-Reset", seconds(System.currentTimeMillis() * 1_000_000L + remainingNanos))
                .withHeader("X-RateLimit-Bucket", hash(bucket.name()));
    }

    /** Records that a 429 told this bucket (or everyone) to wait. */
    synchronized void block(Bucket bucket, Duration retryAfter, RestFault.Kind kind) {
        long until = System.nanoTime() + retryAfter.toNanos();
        switch (kind) {
            case GLOBAL_RATE_LIMITED -> globalBlockedUntil = Math.max(globalBlockedUntil, until);
            case CLOUDFLARE_RATE_LIMITED -> cloudflareBlockedUntil = Math.max(cloudflareBlockedUntil, until);
            default -> blockedUntil.merge(bucket.key(), until, Math::max);
        }
    }

    /** A 429 answer with Discord's headers and body. */
    static RestAnswer tooManyRequests(Bucket bucket, double retryAfterSeconds, RestFault.Kind kind) {
        ObjectNode body = Json.object();
        body.put("message", "You are being rate limited.");
        body.put("retry_after", Math.round(retryAfterSeconds * 1000) / 1000.0);
        body.put("global", kind == RestFault.Kind.GLOBAL_RATE_LIMITED);
        RestAnswer answer = RestAnswer.json(429, body);
        // JDA parses Retry-After with Long.parseLong: whole seconds only.
        answer.withHeader("Retry-After", Long.toString((long) Math.ceil(retryAfterSeconds)));
        switch (kind) {
            case GLOBAL_RATE_LIMITED ->
                answer.withHeader("X-RateLimit-Global", "true").withHeader("X-RateLimit-Scope", "global");
            case CLOUDFLARE_RATE_LIMITED -> answer.withHeader("X-No-Via", "true");
            default ->
                answer.withHeader("X-RateLimit-Limit", "1")
                        .withHeader("X-RateLimit-Remaining", "0")
                        .withHeader("X-RateLimit-Reset-After", String.format(Locale.ROOT, "%.3f", retryAfterSeconds))
                        .withHeader("X-RateLimit-Bucket", hash(bucket.name()))
                        .withHeader("X-RateLimit-Scope", "user");
        }
        return answer;
    }

    private RestAnswer tooMany(long waitNanos, Bucket bucket, boolean global) {
        double seconds = Math.max(0.001, waitNanos / 1e9);
        return tooManyRequests(
                bucket, seconds, global ? RestFault.Kind.GLOBAL_RATE_LIMITED : RestFault.Kind.RATE_LIMITED);
    }

    private Window window(Bucket bucket, long now) {
        Window window = windows.computeIfAbsent(bucket.key(), k -> new Window());
        if (window.used == 0 || now >= window.endNanos) {
            window.startNanos = now;
            window.endNanos = now + rule(bucket).window().toNanos();
            window.used = 0;
        }
        return window;
    }

    private Rule rule(Bucket bucket) {
        return rules.getOrDefault(bucket.name(), rules.get("default"));
    }

    private static String seconds(long nanos) {
        // Round up to the millisecond so a client that waits exactly this long is never early.
        long millis = (nanos + 999_999) / 1_000_000;
        return String.format(Locale.ROOT, "%d.%03d", millis / 1000, millis % 1000);
    }

    private static long millis(long nanos) {
        return Math.max(0, nanos / 1_000_000);
    }

    private static String hash(String bucketName) {
        return Integer.toHexString(bucketName.hashCode());
    }
}
