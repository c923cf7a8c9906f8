package org.staffroom.testing.networks;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.JsonNode;

/**
 * A Mastodon server for one account: {@code POST /api/v1/media} (multipart {@code file} and
 * {@code description}), {@code POST /api/v1/statuses} honouring {@code Idempotency-Key} (the same
 * key returns the same status, as Mastodon does for an hour), {@code DELETE /api/v1/statuses/:id}.
 * Limits: 500 characters, 4 attachments, 16 MB images. Errors as Mastodon writes them:
 * {@code {"error": "..."}} with 401, 422, 429 (and {@code X-RateLimit-*} headers), 404.
 *
 * <p>Rate limits, from docs.joinmastodon.org/api/rate-limits (a server's defaults; an instance may
 * change them): 300 requests per 5 minutes per account (the constructor's request limit), 30 media
 * uploads per 30 minutes per account ({@link #MEDIA_UPLOADS}) and 30 status deletions per 30 minutes
 * ({@link #DELETES}). Over a limit: 429 with {@code X-RateLimit-Limit}, {@code X-RateLimit-Remaining}
 * and {@code X-RateLimit-Reset} (an ISO 8601 time) for the limit that was hit. An
 * {@code Idempotency-Key} is remembered for an hour (docs.joinmastodon.org/methods/statuses,
 * "Idempotency-Key"), as Mastodon keeps it in Redis; after that the same key posts again.
 */
public final class FakeMastodon extends LoopbackApi {

    /** Mastodon's default request limit per account: 300 per 5 minutes. */
    public static final Limit PUBLISHED_REQUESTS = new Limit(REQUESTS, 300, Duration.ofMinutes(5));

    public static final String MEDIA_UPLOADS = "media uploads";
    public static final String DELETES = "status deletions";

    /** How long Mastodon remembers an Idempotency-Key. */
    public static final Duration IDEMPOTENCY = Duration.ofHours(1);

    private final String host;
    private final String account;
    private volatile String token;
    private final AtomicLong ids = new AtomicLong(109_000_000_000_000_000L);
    private final Map<String, Map<String, Object>> media = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Object>> statuses = new ConcurrentHashMap<>();
    private final Map<String, String> byKey = new ConcurrentHashMap<>();
    private final Map<String, Instant> keyedAt = new ConcurrentHashMap<>();
    private final Budget uploads = budget(new Limit(MEDIA_UPLOADS, 30, Duration.ofMinutes(30)));
    private final Budget deletions = budget(new Limit(DELETES, 30, Duration.ofMinutes(30)));
    private final AtomicInteger created = new AtomicInteger();
    private final AtomicInteger deleted = new AtomicInteger();

    public FakeMastodon(Clock clock, String account, String token, int requestsPerWindow, Duration window) {
        super(clock, requestsPerWindow, window);
        this.host = "mastodon.example";
        this.account = account;
        this.token = token;
    }

    public void revoke() {
        token = null;
    }

    /** Statuses now on the server, by id. */
    public Map<String, Map<String, Object>> statuses() {
        return Map.copyOf(statuses);
    }

    /** Statuses created (a repeat with a used Idempotency-Key does not create one). */
    public int created() {
        return created.get();
    }

    public int deleted() {
        return deleted.get();
    }

    /** Media uploads that were accepted. */
    public int uploaded() {
        return media.size();
    }

    @Override
    protected Answer rateLimitedAnswer() {
        int limit = limits().get(REQUESTS).count(); // off in most tests: a forced 429 states the published one
        return tooMany(limit > 0 ? limit : PUBLISHED_REQUESTS.count(), windowReset());
    }

    private static Answer tooMany(int limit, Instant reset) {
        return new Answer(
                429,
                Map.of("error", "Too many requests"),
                Map.of(
                        "X-RateLimit-Limit",
                        String.valueOf(limit),
                        "X-RateLimit-Remaining",
                        "0",
                        "X-RateLimit-Reset",
                        reset.toString()));
    }

    private static Answer tooMany(Budget b) {
        return tooMany(b.limit().count(), b.reset());
    }

    @Override
    protected Answer answer(Request r) {
        String path = r.call().path();
        if (takeFault(Fault.EXPIRED_TOKEN) != null || token == null || !token.equals(bearer(r))) {
            return error(401, "The access token is invalid");
        }
        if (takeFault(Fault.SERVER_ERROR) != null) return error(503, "Service Unavailable");
        String method = r.call().method();
        if (method.equals("POST") && (path.equals("/api/v1/media") || path.equals("/api/v2/media"))) return upload(r);
        if (method.equals("POST") && path.equals("/api/v1/statuses")) return post(r);
        if (path.startsWith("/api/v1/statuses/")) {
            String id = path.substring("/api/v1/statuses/".length());
            Map<String, Object> s = statuses.get(id);
            if (s == null) return error(404, "Record not found");
            if (method.equals("DELETE")) {
                if (!deletions.take(1)) return tooMany(deletions);
                statuses.remove(id);
                deleted.incrementAndGet();
            }
            return Answer.ok(s);
        }
        return error(404, "Not found");
    }

    private Answer upload(Request r) {
        Part file = r.parts().stream()
                .filter(p -> "file".equals(p.name()))
                .findFirst()
                .orElse(null);
        if (file == null) return error(422, "Validation failed: File can't be blank");
        if (!uploads.take(1)) return tooMany(uploads);
        if (takeFault(Fault.MEDIA_REFUSED) != null || file.data().length > 16 * 1024 * 1024) {
            return error(422, "Validation failed: File file size must be less than 16 MB");
        }
        if (file.contentType() == null || !file.contentType().startsWith("image/")) {
            return error(422, "Validation failed: File has contents that are not what they are reported to be");
        }
        String id = String.valueOf(ids.incrementAndGet());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("type", "image");
        m.put("url", "https://" + host + "/system/media_attachments/files/" + id + "/original/" + file.filename());
        m.put("preview_url", "https://" + host + "/system/media_attachments/files/" + id + "/small/" + file.filename());
        m.put("remote_url", null);
        m.put("description", r.param("description"));
        m.put("blurhash", "UFBWY:8_0Jxv4mx]t8t7-;j[M{of");
        media.put(id, m);
        return Answer.ok(m);
    }

    private Answer post(Request r) {
        String key = r.call().headers().get("idempotency-key");
        synchronized (byKey) {
            if (key != null
                    && byKey.containsKey(key)
                    && clock.instant().isBefore(keyedAt.get(key).plus(IDEMPOTENCY)))
                return Answer.ok(statuses.get(byKey.get(key)));
            JsonNode in = json(r);
            String text = in.path("status").asString("");
            List<Object> attachments = new ArrayList<>();
            for (JsonNode m : in.path("media_ids")) {
                Map<String, Object> a = media.get(m.asString());
                if (a == null) return error(422, "Validation failed: Media attachments are invalid");
                attachments.add(a);
            }
            if (attachments.size() > 4) return error(422, "Validation failed: Media attachments too many");
            if (text.isBlank() && attachments.isEmpty()) return error(422, "Validation failed: Text can't be blank");
            if (text.codePointCount(0, text.length()) > 500)
                return error(422, "Validation failed: Text character limit of 500 exceeded");
            String id = String.valueOf(ids.incrementAndGet());
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("id", id);
            s.put("created_at", clock.instant().toString());
            s.put("uri", "https://" + host + "/users/" + account + "/statuses/" + id);
            s.put("url", "https://" + host + "/@" + account + "/" + id);
            s.put("visibility", in.path("visibility").asString("public"));
            s.put("content", "<p>" + text.replace("&", "&amp;").replace("<", "&lt;") + "</p>");
            s.put("media_attachments", attachments);
            s.put("account", Map.of("id", "1", "username", account, "acct", account));
            statuses.put(id, s);
            if (key != null) {
                byKey.put(key, id);
                keyedAt.put(key, clock.instant());
            }
            created.incrementAndGet();
            return Answer.ok(s);
        }
    }

    private static Answer error(int status, String message) {
        return new Answer(status, Map.of("error", message), Map.of());
    }
}
