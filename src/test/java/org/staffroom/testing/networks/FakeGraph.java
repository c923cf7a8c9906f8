package org.staffroom.testing.networks;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The Graph API (graph.facebook.com, {@code /v23.0/...}) for one Facebook Page and one Instagram
 * professional account, as RestFB calls it: Page {@code /photos} (unpublished, with
 * {@code alt_text_custom}), {@code /feed} with {@code attached_media}, {@code /posts} read-back,
 * {@code DELETE /{post}}; Instagram {@code /media} containers (the fake fetches {@code image_url}
 * as Instagram does, over loopback only, and takes JPEG only), carousels, {@code /media_publish},
 * {@code /media} read-back. No delete for Instagram media (the API has none). Errors in Graph's
 * shape {@code {"error": {"message", "type", "code", "error_subcode", "fbtrace_id"}}}: 190 expired
 * token, 4 rate limit, 324 / 9004 photo refused.
 *
 * <p>Rate limits, from developers.facebook.com/docs/graph-api/overview/rate-limiting and the
 * Instagram Platform's content publishing guide: the app's request limit (the constructor's; code
 * 4); the Page's Business Use Case limit, 4,800 calls × the Page's engaged users per 24 hours,
 * modelled as a per-Page call budget ({@link #PAGE_CALLS}, one engaged user by default), answered
 * with code 32 ("Page request limit reached"); and Instagram's 100 API-published posts per 24 hours
 * per account ({@link #IG_PUBLISHES}), answered at {@code media_publish} with code 9, subcode
 * 2207042. Page answers carry {@code X-Business-Use-Case-Usage}: {@code {"<id>": [{"type",
 * "call_count" (percent of the budget), "total_cputime", "total_time",
 * "estimated_time_to_regain_access" (minutes)}]}}, the header RestFB reads into {@code
 * DebugHeaderInfo}; the fake sends it with the publishing-limit error too (type {@code
 * instagram}), as Graph's only machine-readable wait. Containers report {@code status_code}
 * (FINISHED, then PUBLISHED) and {@code /content_publishing_limit} the quota used.
 */
public final class FakeGraph extends LoopbackApi {

    public static final String PAGE_CALLS = "Page calls (Business Use Case) per 24 hours";
    public static final String IG_PUBLISHES = "Instagram API-published posts per 24 hours";

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssZ").withZone(ZoneOffset.UTC);

    private final String pageId;
    private final String igUserId;
    private volatile String token;
    private final AtomicLong ids = new AtomicLong(1_000_000);
    private final Map<String, Map<String, Object>> posts = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Object>> photos = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Object>> containers = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Object>> igMedia = new ConcurrentHashMap<>();
    private final AtomicInteger pagePosts = new AtomicInteger();
    private final AtomicInteger igPublished = new AtomicInteger();
    private final AtomicInteger pageDeletes = new AtomicInteger();
    private final HttpClient fetcher = HttpClient.newHttpClient();
    private final List<String> fetched = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Budget pageCalls = budget(new Limit(PAGE_CALLS, 4800, Duration.ofHours(24)));
    private final Budget igPublishes = budget(new Limit(IG_PUBLISHES, 100, Duration.ofHours(24)));

    public FakeGraph(
            Clock clock, String pageId, String igUserId, String token, int requestsPerWindow, Duration window) {
        super(clock, requestsPerWindow, window);
        this.pageId = pageId;
        this.igUserId = igUserId;
        this.token = token;
    }

    public void revoke() {
        token = null;
    }

    /** Posts on the Page now, by id. */
    public Map<String, Map<String, Object>> pagePosts() {
        return Map.copyOf(posts);
    }

    /** Published Instagram media, by id. */
    public Map<String, Map<String, Object>> instagramMedia() {
        return Map.copyOf(igMedia);
    }

    public int pagePostsCreated() {
        return pagePosts.get();
    }

    public int instagramPublished() {
        return igPublished.get();
    }

    /** Every photo address Instagram fetched a JPEG from, in order (what a container's {@code image_url} named). */
    public List<String> fetchedPhotoUrls() {
        return List.copyOf(fetched);
    }

    public int pagePostsDeleted() {
        return pageDeletes.get();
    }

    @Override
    protected Answer rateLimitedAnswer() {
        return error(400, "OAuthException", 4, null, "(#4) Application request limit reached");
    }

    @Override
    protected Answer answer(Request r) {
        String path = r.call().path();
        if (!path.startsWith("/v23.0/"))
            return error(400, "OAuthException", 2500, null, "Unknown path components: " + path);
        String[] seg = path.substring("/v23.0/".length()).split("/");
        if (takeFault(Fault.EXPIRED_TOKEN) != null || token == null || !token.equals(bearer(r))) {
            return error(
                    400,
                    "OAuthException",
                    190,
                    463,
                    "Error validating access token: Session has expired on " + TIME.format(clock.instant()) + ".");
        }
        if (takeFault(Fault.SERVER_ERROR) != null) {
            return new Answer(
                    500,
                    Map.of(
                            "error",
                            Map.of(
                                    "message",
                                    "An unknown error has occurred.",
                                    "type",
                                    "OAuthException",
                                    "code",
                                    1,
                                    "is_transient",
                                    true,
                                    "fbtrace_id",
                                    "AfakeTrace")),
                    Map.of());
        }
        String method = r.call().method();
        boolean onPage = (seg.length == 2 && seg[0].equals(pageId)) || (seg.length == 1 && posts.containsKey(seg[0]));
        if (onPage) {
            if (!pageCalls.take(1))
                return withUsage(
                        error(400, "OAuthException", 32, null, "(#32) Page request limit reached"),
                        pageId,
                        "pages",
                        pageCalls);
            Answer a = seg.length == 2 ? page(r, method, seg[1]) : object(r, method, seg[0]);
            return withUsage(a, pageId, "pages", pageCalls);
        }
        if (seg.length == 2 && seg[0].equals(igUserId)) return instagram(r, method, seg[1]);
        if (seg.length == 1) return object(r, method, seg[0]);
        return error(400, "GraphMethodException", 100, 33, "Unsupported " + method.toLowerCase() + " request.");
    }

    private Answer page(Request r, String method, String edge) {
        if (method.equals("POST") && edge.equals("photos")) {
            Part source = r.parts().stream()
                    .filter(p -> p.filename() != null)
                    .findFirst()
                    .orElse(null);
            if (takeFault(Fault.MEDIA_REFUSED) != null || source == null || source.data().length == 0) {
                return error(400, "OAuthException", 324, 2069019, "(#324) Requires upload file");
            }
            if (source.data().length > 4 * 1024 * 1024)
                return error(400, "OAuthException", 324, 2069019, "(#324) The photo is too large");
            String id = String.valueOf(ids.incrementAndGet());
            photos.put(
                    id,
                    Map.of(
                            "id",
                            id,
                            "published",
                            r.param("published") == null ? "true" : r.param("published"),
                            "alt_text_custom",
                            r.param("alt_text_custom") == null ? "" : r.param("alt_text_custom")));
            return Answer.ok(Map.of("id", id));
        }
        if (method.equals("POST") && edge.equals("feed")) {
            String message = r.param("message");
            if ((message == null || message.isEmpty()) && r.param("attached_media[0]") == null) {
                return error(400, "OAuthException", 100, null, "(#100) The parameter message is required");
            }
            if (message != null && message.length() > 63_206)
                return error(400, "OAuthException", 100, null, "(#100) Message too long");
            List<String> media = new ArrayList<>();
            for (int i = 0; r.param("attached_media[" + i + "]") != null; i++) {
                String fbid = JSON.readTree(r.param("attached_media[" + i + "]"))
                        .path("media_fbid")
                        .asString("");
                if (!photos.containsKey(fbid))
                    return error(400, "OAuthException", 100, null, "(#100) Invalid media_fbid " + fbid);
                media.add(fbid);
            }
            String id = pageId + "_" + ids.incrementAndGet();
            Map<String, Object> post = new LinkedHashMap<>();
            post.put("id", id);
            if (message != null) post.put("message", message);
            post.put("created_time", TIME.format(clock.instant()));
            post.put(
                    "permalink_url",
                    "https://www.facebook.com/" + pageId + "/posts/" + id.substring(id.indexOf('_') + 1));
            post.put("attached_media", media);
            posts.put(id, post);
            pagePosts.incrementAndGet();
            return Answer.ok(Map.of("id", id));
        }
        if (method.equals("GET") && (edge.equals("posts") || edge.equals("feed"))) {
            long since = r.param("since") == null ? 0 : Long.parseLong(r.param("since"));
            List<Map<String, Object>> data = posts.values().stream()
                    .filter(p -> Instant.from(TIME.parse((String) p.get("created_time")))
                                    .getEpochSecond()
                            >= since)
                    .sorted((a, b) -> ((String) b.get("created_time")).compareTo((String) a.get("created_time")))
                    .toList();
            return Answer.ok(Map.of("data", data, "paging", Map.of("cursors", Map.of("before", "b", "after", "a"))));
        }
        return error(400, "GraphMethodException", 100, 33, "Unsupported " + method.toLowerCase() + " request.");
    }

    private Answer instagram(Request r, String method, String edge) {
        if (method.equals("POST") && edge.equals("media")) {
            String caption = r.param("caption");
            if (caption != null && caption.codePointCount(0, caption.length()) > 2200) {
                return error(400, "OAuthException", 100, 2207010, "The caption is too long");
            }
            String id = String.valueOf(ids.incrementAndGet());
            Map<String, Object> c = new LinkedHashMap<>();
            if ("CAROUSEL".equals(r.param("media_type"))) {
                String[] children = r.param("children") == null
                        ? new String[0]
                        : r.param("children").split(",");
                if (children.length < 2 || children.length > 10)
                    return error(400, "OAuthException", 100, 2207009, "Carousels take 2 to 10 items");
                for (String child : children)
                    if (!containers.containsKey(child))
                        return error(400, "OAuthException", 100, null, "Invalid child " + child);
                c.put("children", List.of(children));
            } else {
                String url = r.param("image_url");
                if (takeFault(Fault.MEDIA_REFUSED) != null || url == null || !fetchJpeg(url)) {
                    return error(
                            400,
                            "OAuthException",
                            9004,
                            2207052,
                            "Only photo or video can be accepted as media type. The media could not be fetched from this uri: "
                                    + url);
                }
                c.put("image_url", url);
                c.put("alt_text", r.param("alt_text"));
            }
            c.put("caption", caption);
            c.put("status_code", "FINISHED");
            containers.put(id, c);
            return Answer.ok(Map.of("id", id));
        }
        if (method.equals("POST") && edge.equals("media_publish")) {
            Map<String, Object> c = containers.get(String.valueOf(r.param("creation_id")));
            if (c == null || "PUBLISHED".equals(c.get("status_code")))
                return error(400, "OAuthException", 100, 2207027, "Media ID is not available");
            if (!igPublishes.take(1))
                return withUsage(
                        error(
                                400,
                                "OAuthException",
                                9,
                                2207042,
                                "(#9) The maximum number of posts that can be published through the API in 24 hours has been reached"),
                        igUserId,
                        "instagram",
                        igPublishes);
            c.put("status_code", "PUBLISHED");
            String id = String.valueOf(ids.incrementAndGet());
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", id);
            m.put("caption", c.get("caption"));
            m.put(
                    "permalink",
                    "https://www.instagram.com/p/C"
                            + Long.toString(Long.parseLong(id), 36).toUpperCase() + "/");
            m.put("timestamp", TIME.format(clock.instant()));
            igMedia.put(id, m);
            igPublished.incrementAndGet();
            return Answer.ok(Map.of("id", id));
        }
        if (method.equals("GET") && edge.equals("content_publishing_limit")) {
            Limit l = igPublishes.limit();
            return Answer.ok(Map.of(
                    "data",
                    List.of(Map.of(
                            "quota_usage",
                            l.count() - igPublishes.remaining(),
                            "config",
                            Map.of(
                                    "quota_total",
                                    l.count(),
                                    "quota_duration",
                                    l.window().toSeconds())))));
        }
        if (method.equals("GET") && edge.equals("media")) {
            List<Map<String, Object>> data = igMedia.values().stream()
                    .sorted((a, b) -> ((String) b.get("timestamp")).compareTo((String) a.get("timestamp")))
                    .toList();
            return Answer.ok(Map.of("data", data, "paging", Map.of("cursors", Map.of("before", "b", "after", "a"))));
        }
        return error(400, "GraphMethodException", 100, 33, "Unsupported " + method.toLowerCase() + " request.");
    }

    private Answer object(Request r, String method, String id) {
        if (posts.containsKey(id)) {
            if (method.equals("DELETE")) {
                posts.remove(id);
                pageDeletes.incrementAndGet();
                return Answer.ok(Map.of("success", true));
            }
            return Answer.ok(posts.get(id));
        }
        if (igMedia.containsKey(id) && method.equals("GET")) return Answer.ok(igMedia.get(id));
        if (containers.containsKey(id) && method.equals("GET"))
            return Answer.ok(Map.of("id", id, "status_code", containers.get(id).get("status_code")));
        return error(
                400,
                "GraphMethodException",
                100,
                33,
                "Unsupported " + method.toLowerCase() + " request. Object with ID '" + id
                        + "' does not exist, cannot be loaded due to missing permissions, or does not support this operation.");
    }

    /** Instagram fetches the photo itself; only loopback addresses are fetched here. */
    private boolean fetchJpeg(String url) {
        URI u = URI.create(url);
        if (!"127.0.0.1".equals(u.getHost()) && !"localhost".equals(u.getHost())) return false;
        try {
            HttpResponse<byte[]> res = fetcher.send(
                    HttpRequest.newBuilder(u)
                            .timeout(Duration.ofSeconds(10))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            byte[] b = res.body();
            boolean jpeg = res.statusCode() == 200 && b.length > 3 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xD8;
            if (jpeg) fetched.add(url);
            return jpeg;
        } catch (java.io.IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The answer with Graph's Business Use Case usage header for {@code id}. */
    private Answer withUsage(Answer a, String id, String type, Budget b) {
        Limit l = b.limit();
        int percent = l.count() <= 0 ? 0 : (int) Math.min(100, 100L * (l.count() - b.remaining()) / l.count());
        long regain = b.remaining() > 0 ? 0 : (secondsUntil(b.reset()) + 59) / 60;
        String usage = JSON.writeValueAsString(Map.of(
                id,
                List.of(Map.of(
                        "type",
                        type,
                        "call_count",
                        percent,
                        "total_cputime",
                        0,
                        "total_time",
                        0,
                        "estimated_time_to_regain_access",
                        regain))));
        Map<String, String> headers = new LinkedHashMap<>(a.headers());
        headers.put("X-Business-Use-Case-Usage", usage);
        return new Answer(a.status(), a.body(), headers);
    }

    private static Answer error(int status, String type, int code, Integer subcode, String message) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("message", message);
        e.put("type", type);
        e.put("code", code);
        if (subcode != null) e.put("error_subcode", subcode);
        e.put("fbtrace_id", "AfakeTrace" + code);
        return new Answer(status, Map.of("error", e), Map.of());
    }
}
