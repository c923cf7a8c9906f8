package org.staffroom.testing.networks;

import com.ibm.icu.text.BreakIterator;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;

/**
 * A Bluesky PDS for one account: {@code com.atproto.server.createSession}, {@code
 * server.refreshSession}, {@code repo.uploadBlob},
 * {@code repo.createRecord}, {@code repo.getRecord} and {@code repo.deleteRecord}, answering as the
 * lexicons describe. Checks what the real PDS checks for an {@code app.bsky.feed.post}: 300
 * graphemes, facets within the text's UTF-8 bytes, at most 4 images of at most 1,000,000 bytes,
 * each with an {@code alt} field, and a record key used once.
 *
 * <p>Rate limits, from docs.bsky.app/docs/advanced-guides/rate-limits (Bluesky's own PDSes): 3,000
 * requests per 5 minutes per IP (the constructor's request limit); {@code createSession} 30 per 5
 * minutes and 300 per day per account ({@link #SESSIONS}, {@link #SESSIONS_DAILY}); record writes
 * 5,000 points per hour and 35,000 per day per account ({@link #POINTS_HOURLY}, {@link
 * #POINTS_DAILY}), a create costing {@value #CREATE_POINTS} points and a delete {@value
 * #DELETE_POINTS}. Over a limit: 429 with the XRPC error body {@code {"error":
 * "RateLimitExceeded", "message": ...}} and the {@code ratelimit-limit}, {@code
 * ratelimit-remaining}, {@code ratelimit-reset} (epoch seconds) and {@code ratelimit-policy} headers
 * of the limit that was hit (the IETF draft's names, which the PDS sends).
 *
 * <p>Sessions: an access token lives {@link #ACCESS_LIFETIME} by the clock, then is refused with
 * 400 {@code ExpiredToken}; {@code refreshSession}, authorised by the refresh token, issues a new
 * pair and retires the old refresh token; revoking the app password ends every session.
 */
public final class FakeBluesky extends LoopbackApi {

    public static final String POST = "app.bsky.feed.post";

    /** The PDS's request limit per IP: 3,000 per 5 minutes. */
    public static final Limit PUBLISHED_REQUESTS = new Limit(REQUESTS, 3000, Duration.ofMinutes(5));

    public static final String SESSIONS = "createSession per 5 minutes";
    public static final String SESSIONS_DAILY = "createSession per day";
    public static final String POINTS_HOURLY = "record points per hour";
    public static final String POINTS_DAILY = "record points per day";
    public static final int CREATE_POINTS = 3;
    public static final int DELETE_POINTS = 1;

    private final String handle;
    private final String did;
    private volatile String appPassword;
    private final Map<String, JsonNode> records = new ConcurrentHashMap<>();
    private final Map<String, Integer> blobs = new ConcurrentHashMap<>();
    private final AtomicInteger creates = new AtomicInteger();
    private final AtomicInteger deletes = new AtomicInteger();
    private final AtomicInteger sessions = new AtomicInteger();
    private final AtomicInteger refreshes = new AtomicInteger();
    private final AtomicInteger tokenSeq = new AtomicInteger();
    /** Live access tokens and when each expires; live refresh tokens. */
    private final Map<String, Instant> accessTokens = new ConcurrentHashMap<>();

    private final Set<String> refreshTokens = ConcurrentHashMap.newKeySet();
    /** How long an access token is accepted (the PDS issues short-lived ones; two hours here). */
    public static final Duration ACCESS_LIFETIME = Duration.ofHours(2);

    private final Budget sessions5m = budget(new Limit(SESSIONS, 30, Duration.ofMinutes(5)));
    private final Budget sessionsDay = budget(new Limit(SESSIONS_DAILY, 300, Duration.ofDays(1)));
    private final Budget pointsHour = budget(new Limit(POINTS_HOURLY, 5000, Duration.ofHours(1)));
    private final Budget pointsDay = budget(new Limit(POINTS_DAILY, 35000, Duration.ofDays(1)));

    public FakeBluesky(Clock clock, String handle, String appPassword, int requestsPerWindow, Duration window) {
        super(clock, requestsPerWindow, window);
        this.handle = handle;
        this.did = "did:plc:"
                + HexFormat.of()
                        .formatHex(handle.getBytes(StandardCharsets.UTF_8))
                        .substring(0, 24);
        this.appPassword = appPassword;
    }

    /** Revokes the app password (every later session fails as an expired token). */
    public void revoke() {
        appPassword = null;
        accessTokens.clear();
        refreshTokens.clear();
    }

    /** Sets a new app password; sessions made with the old one end, as when it is revoked. */
    public void changePassword(String newPassword) {
        revoke();
        appPassword = newPassword;
    }

    /** Expires every access token now (refresh tokens stay valid). */
    public void expireAccessTokens() {
        accessTokens.replaceAll((token, until) -> Instant.EPOCH);
    }

    /** Sessions renewed through refreshSession. */
    public int refreshes() {
        return refreshes.get();
    }

    /** The posts now in the repository, by record key. */
    public Map<String, JsonNode> posts() {
        return Map.copyOf(records);
    }

    /** createRecord calls that created a post (a refused duplicate does not count). */
    public int created() {
        return creates.get();
    }

    public int deleted() {
        return deletes.get();
    }

    /** Sessions created (refused logins do not count). */
    public int sessions() {
        return sessions.get();
    }

    @Override
    protected Answer rateLimitedAnswer() {
        Limit limit = limits().get(REQUESTS); // off in most tests: a forced 429 states the published one
        return tooMany(limit.count() > 0 ? limit : PUBLISHED_REQUESTS, windowReset());
    }

    private static Answer tooMany(Limit limit, Instant reset) {
        return new Answer(
                429,
                Map.of("error", "RateLimitExceeded", "message", "Rate Limit Exceeded"),
                Map.of(
                        "ratelimit-limit",
                        String.valueOf(limit.count()),
                        "ratelimit-remaining",
                        "0",
                        "ratelimit-reset",
                        String.valueOf(epochSecondCeil(reset)),
                        "ratelimit-policy",
                        limit.count() + ";w=" + limit.window().toSeconds()));
    }

    private static Answer tooMany(Budget b) {
        return tooMany(b.limit(), b.reset());
    }

    @Override
    protected Answer answer(Request r) {
        String path = r.call().path();
        if (path.equals("/xrpc/com.atproto.server.createSession")) return createSession(r);
        if (path.equals("/xrpc/com.atproto.server.refreshSession")) return refreshSession(r);
        if (!path.startsWith("/xrpc/")) return error(404, "XRPCNotSupported", "XRPCNotSupported");
        String token = bearer(r);
        if (takeFault(Fault.EXPIRED_TOKEN) != null) return error(400, "ExpiredToken", "Token has expired");
        Instant until = token == null ? null : accessTokens.get(token);
        if (until == null) return error(401, "AuthenticationRequired", "Authentication Required");
        if (!clock.instant().isBefore(until)) return error(400, "ExpiredToken", "Token has expired");
        if (takeFault(Fault.SERVER_ERROR) != null) return error(502, "UpstreamFailure", "Upstream Failure");
        return switch (path) {
            case "/xrpc/com.atproto.repo.uploadBlob" -> uploadBlob(r);
            case "/xrpc/com.atproto.repo.createRecord" -> createRecord(r);
            case "/xrpc/com.atproto.repo.getRecord" -> getRecord(r);
            case "/xrpc/com.atproto.repo.deleteRecord" -> deleteRecord(r);
            default -> error(501, "MethodNotImplemented", "Method Not Implemented");
        };
    }

    private Answer createSession(Request r) {
        Budget over = take(1, sessions5m, sessionsDay);
        if (over != null) return tooMany(over);
        JsonNode in = json(r);
        String id = in.path("identifier").asString("");
        String password = in.path("password").asString("");
        if (appPassword == null || !(id.equals(handle) || id.equals(did)) || !password.equals(appPassword)) {
            return error(401, "AuthenticationRequired", "Invalid identifier or password");
        }
        sessions.incrementAndGet();
        return Answer.ok(newSession());
    }

    /** The refresh token is good for one renewal; a retired or revoked one is refused. */
    private Answer refreshSession(Request r) {
        String token = bearer(r);
        if (token == null || !refreshTokens.remove(token)) return error(400, "ExpiredToken", "Token has been revoked");
        refreshes.incrementAndGet();
        return Answer.ok(newSession());
    }

    private Map<String, Object> newSession() {
        int n = tokenSeq.incrementAndGet();
        String access = "access-" + n;
        String refresh = "refresh-" + n;
        accessTokens.put(access, clock.instant().plus(ACCESS_LIFETIME));
        refreshTokens.add(refresh);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("did", did);
        out.put("handle", handle);
        out.put("accessJwt", access);
        out.put("refreshJwt", refresh);
        out.put("active", true);
        return out;
    }

    private Answer uploadBlob(Request r) {
        if (takeFault(Fault.MEDIA_REFUSED) != null || r.call().body().length > 1_000_000) {
            return error(
                    400,
                    "BlobTooLarge",
                    "This file is too large. It is " + r.call().body().length
                            + " bytes but the maximum size is 1000000 bytes.");
        }
        String mime = r.call().headers().getOrDefault("content-type", "");
        if (!mime.startsWith("image/")) return error(400, "InvalidRequest", "Unsupported blob type: " + mime);
        String cid = "bafkrei"
                + Integer.toHexString(java.util.Arrays.hashCode(r.call().body())) + blobs.size();
        blobs.put(cid, r.call().body().length);
        return Answer.ok(Map.of(
                "blob",
                Map.of(
                        "$type",
                        "blob",
                        "ref",
                        Map.of("$link", cid),
                        "mimeType",
                        mime,
                        "size",
                        r.call().body().length)));
    }

    private Answer createRecord(Request r) {
        JsonNode in = json(r);
        if (!did.equals(in.path("repo").asString("")))
            return error(
                    400,
                    "InvalidRequest",
                    "Could not find repo: " + in.path("repo").asString(""));
        if (!POST.equals(in.path("collection").asString("")))
            return error(400, "InvalidRequest", "Unsupported collection");
        String rkey = in.path("rkey").asString("");
        if (!rkey.matches("[234567abcdefghij][234567abcdefghijklmnopqrstuvwxyz]{12}")) {
            return error(400, "InvalidRequest", "Invalid record key: posts use a TID");
        }
        JsonNode rec = in.path("record");
        String problem = invalid(rec);
        if (problem != null) return error(400, "InvalidRecord", problem);
        synchronized (records) {
            if (records.containsKey(rkey)) return error(400, "InvalidRequest", "Record already exists at " + uri(rkey));
            Budget over = take(CREATE_POINTS, pointsHour, pointsDay);
            if (over != null) return tooMany(over);
            records.put(rkey, rec);
        }
        creates.incrementAndGet();
        return Answer.ok(Map.of(
                "uri",
                uri(rkey),
                "cid",
                "bafyrei" + rkey,
                "commit",
                Map.of("cid", "bafyreicommit" + rkey, "rev", rkey),
                "validationStatus",
                "valid"));
    }

    /** What the lexicon of app.bsky.feed.post and its facets and images embed would refuse. */
    private static String invalid(JsonNode rec) {
        if (!POST.equals(rec.path("$type").asString(""))) return "Record/$type must be app.bsky.feed.post";
        String text = rec.path("text").asString(null);
        if (text == null) return "Record must have the property \"text\"";
        if (rec.path("createdAt").isMissingNode()) return "Record must have the property \"createdAt\"";
        if (graphemes(text) > 300) return "Record/text must not be longer than 300 graphemes";
        int bytes = text.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > 3000) return "Record/text must not be longer than 3000 characters";
        for (JsonNode f : rec.path("facets")) {
            int s = f.path("index").path("byteStart").asInt(-1);
            int e = f.path("index").path("byteEnd").asInt(-1);
            if (s < 0 || e <= s || e > bytes) return "Record/facets index out of the text's bytes";
            for (JsonNode feature : f.path("features")) {
                String t = feature.path("$type").asString("");
                if (!t.equals("app.bsky.richtext.facet#link")
                        && !t.equals("app.bsky.richtext.facet#tag")
                        && !t.equals("app.bsky.richtext.facet#mention")) return "Record/facets unknown feature " + t;
            }
        }
        JsonNode embed = rec.path("embed");
        if (!embed.isMissingNode()) {
            if (!"app.bsky.embed.images".equals(embed.path("$type").asString(""))) return "Record/embed unknown type";
            if (embed.path("images").size() > 4) return "Record/embed/images must not have more than 4 elements";
            for (JsonNode img : embed.path("images")) {
                if (img.path("alt").isMissingNode()) return "Record/embed/images must have the property \"alt\"";
                if (!"blob".equals(img.path("image").path("$type").asString("")))
                    return "Record/embed/images/image should be a blob ref";
            }
        }
        return null;
    }

    private Answer getRecord(Request r) {
        String rkey = r.param("rkey");
        JsonNode rec = rkey == null ? null : records.get(rkey);
        if (rec == null) return error(400, "RecordNotFound", "Could not locate record: " + uri(String.valueOf(rkey)));
        return Answer.ok(Map.of("uri", uri(rkey), "cid", "bafyrei" + rkey, "value", rec));
    }

    private Answer deleteRecord(Request r) {
        JsonNode in = json(r);
        Budget over = take(DELETE_POINTS, pointsHour, pointsDay);
        if (over != null) return tooMany(over);
        if (records.remove(in.path("rkey").asString("")) != null) deletes.incrementAndGet();
        return Answer.ok(Map.of("commit", Map.of("cid", "bafyreidelete", "rev", "3l")));
    }

    private String uri(String rkey) {
        return "at://" + did + "/" + POST + "/" + rkey;
    }

    static int graphemes(String text) {
        BreakIterator it = BreakIterator.getCharacterInstance();
        it.setText(text);
        int n = 0;
        while (it.next() != BreakIterator.DONE) n++;
        return n;
    }

    private static Answer error(int status, String error, String message) {
        return new Answer(status, Map.of("error", error, "message", message), Map.of());
    }
}
