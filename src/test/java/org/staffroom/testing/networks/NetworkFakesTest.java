package org.staffroom.testing.networks;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.staffroom.testing.MutableClock;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The fakes' own limits, over plain HTTP: each network's published limit is the default, a test can
 * lower it, and going over answers the way the network does (status, error body, rate-limit headers
 * with the reset of the limit that was hit); the window opens again at the reset.
 */
class NetworkFakesTest {

    private static final Instant START = Instant.parse("2026-12-07T09:30:00Z");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final MutableClock clock = new MutableClock(START);
    private final HttpClient http = HttpClient.newHttpClient();
    private AutoCloseable[] open = {};

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open) c.close();
    }

    @Test
    void theDefaultsAreThePublishedLimits() {
        FakeMastodon m = new FakeMastodon(clock, "oakfield", "t", 300, Duration.ofMinutes(5));
        FakeBluesky b = new FakeBluesky(clock, "oak.bsky.social", "p", 3000, Duration.ofMinutes(5));
        FakeGraph g = new FakeGraph(clock, "1111", "1784", "t", 0, Duration.ofHours(1));
        open = new AutoCloseable[] {m, b, g};
        assertThat(m.limits())
                .containsEntry(LoopbackApi.REQUESTS, FakeMastodon.PUBLISHED_REQUESTS)
                .containsEntry(
                        FakeMastodon.MEDIA_UPLOADS,
                        new LoopbackApi.Limit(FakeMastodon.MEDIA_UPLOADS, 30, Duration.ofMinutes(30)));
        assertThat(b.limits())
                .containsEntry(LoopbackApi.REQUESTS, FakeBluesky.PUBLISHED_REQUESTS)
                .containsEntry(
                        FakeBluesky.SESSIONS, new LoopbackApi.Limit(FakeBluesky.SESSIONS, 30, Duration.ofMinutes(5)))
                .containsEntry(
                        FakeBluesky.SESSIONS_DAILY,
                        new LoopbackApi.Limit(FakeBluesky.SESSIONS_DAILY, 300, Duration.ofDays(1)))
                .containsEntry(
                        FakeBluesky.POINTS_HOURLY,
                        new LoopbackApi.Limit(FakeBluesky.POINTS_HOURLY, 5000, Duration.ofHours(1)))
                .containsEntry(
                        FakeBluesky.POINTS_DAILY,
                        new LoopbackApi.Limit(FakeBluesky.POINTS_DAILY, 35000, Duration.ofDays(1)));
        assertThat(g.limits())
                .containsEntry(
                        FakeGraph.PAGE_CALLS, new LoopbackApi.Limit(FakeGraph.PAGE_CALLS, 4800, Duration.ofHours(24)))
                .containsEntry(
                        FakeGraph.IG_PUBLISHES,
                        new LoopbackApi.Limit(FakeGraph.IG_PUBLISHES, 100, Duration.ofHours(24)));
    }

    @Test
    void mastodonCountsRequestsAndMediaUploadsAndForgetsAnIdempotencyKeyAfterAnHour() throws Exception {
        FakeMastodon m = new FakeMastodon(clock, "oakfield", "t", 5, Duration.ofMinutes(5));
        open = new AutoCloseable[] {m};
        m.limit(FakeMastodon.MEDIA_UPLOADS, 2, Duration.ofMinutes(30));
        assertThat(upload(m).statusCode()).isEqualTo(200);
        clock.advance(Duration.ofMinutes(1));
        assertThat(upload(m).statusCode()).isEqualTo(200);
        HttpResponse<String> over = upload(m);
        assertThat(over.statusCode()).isEqualTo(429);
        assertThat(json(over).path("error").asString()).isEqualTo("Too many requests");
        assertThat(header(over, "X-RateLimit-Limit")).isEqualTo("2");
        assertThat(header(over, "X-RateLimit-Remaining")).isEqualTo("0");
        assertThat(Instant.parse(header(over, "X-RateLimit-Reset"))).isEqualTo(START.plus(Duration.ofMinutes(30)));
        assertThat(m.rateLimited(FakeMastodon.MEDIA_UPLOADS)).isEqualTo(1);

        // The fourth and fifth requests of the five-minute window pass; the sixth is over the request limit.
        HttpResponse<String> first = status(m, "key-1");
        assertThat(status(m, "key-1").body()).isEqualTo(first.body());
        HttpResponse<String> sixth = status(m, "key-2");
        assertThat(sixth.statusCode()).isEqualTo(429);
        assertThat(header(sixth, "X-RateLimit-Limit")).isEqualTo("5");
        assertThat(Instant.parse(header(sixth, "X-RateLimit-Reset"))).isEqualTo(START.plus(Duration.ofMinutes(5)));
        assertThat(m.rateLimitedCount()).isEqualTo(2);

        clock.advance(Duration.ofMinutes(30));
        assertThat(upload(m).statusCode()).as("a new window").isEqualTo(200);
        assertThat(status(m, "key-1").body()).as("within the hour").isEqualTo(first.body());
        clock.advance(Duration.ofMinutes(31));
        assertThat(json(status(m, "key-1")).path("id").asString())
                .as("an hour on, the key is forgotten")
                .isNotEqualTo(json(first).path("id").asString());
        assertThat(m.created()).isEqualTo(2);
    }

    @Test
    void blueskyLimitsSessionsAndRecordPointsWithRateLimitHeaders() throws Exception {
        FakeBluesky b = new FakeBluesky(clock, "oak.bsky.social", "pass", 0, Duration.ofMinutes(5));
        open = new AutoCloseable[] {b};
        b.limit(FakeBluesky.SESSIONS, 2, Duration.ofMinutes(5));
        JsonNode first = json(session(b));
        String token = first.path("accessJwt").asString();
        String did = first.path("did").asString();
        assertThat(session(b).statusCode()).isEqualTo(200);
        HttpResponse<String> over = session(b);
        assertThat(over.statusCode()).isEqualTo(429);
        assertThat(json(over).path("error").asString()).isEqualTo("RateLimitExceeded");
        assertThat(json(over).path("message").isString()).isTrue();
        assertThat(header(over, "ratelimit-limit")).isEqualTo("2");
        assertThat(header(over, "ratelimit-remaining")).isEqualTo("0");
        assertThat(header(over, "ratelimit-reset"))
                .isEqualTo(String.valueOf(START.plus(Duration.ofMinutes(5)).getEpochSecond()));
        assertThat(header(over, "ratelimit-policy")).isEqualTo("2;w=300");
        assertThat(b.sessions()).isEqualTo(2);

        // Two posts at 3 points each fill a 6-point hour; the third create and even a delete (1 point) wait.
        b.limit(FakeBluesky.POINTS_HOURLY, 2 * FakeBluesky.CREATE_POINTS, Duration.ofHours(1));
        assertThat(create(b, token, did, "3lbc2yfmsyv2a").statusCode()).isEqualTo(200);
        assertThat(create(b, token, did, "3lbc2yfmsyv2b").statusCode()).isEqualTo(200);
        HttpResponse<String> third = create(b, token, did, "3lbc2yfmsyv2c");
        assertThat(third.statusCode()).isEqualTo(429);
        assertThat(header(third, "ratelimit-policy")).isEqualTo("6;w=3600");
        assertThat(delete(b, token, did, "3lbc2yfmsyv2a").statusCode()).isEqualTo(429);
        assertThat(b.created()).isEqualTo(2);
        assertThat(b.rateLimited(FakeBluesky.POINTS_HOURLY)).isEqualTo(2);
        clock.advance(Duration.ofHours(1));
        assertThat(create(b, token, did, "3lbc2yfmsyv2c").statusCode()).isEqualTo(200);
    }

    @Test
    void graphAnswersThePageBudgetWithCode32AndInstagramsPublishingLimitWithCode9() throws Exception {
        FakeGraph g = new FakeGraph(clock, "1111", "1784", "tok", 0, Duration.ofHours(1));
        HttpServer photos = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        byte[] jpeg = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xD9};
        photos.createContext("/p.jpg", ex -> {
            ex.sendResponseHeaders(200, jpeg.length);
            ex.getResponseBody().write(jpeg);
            ex.close();
        });
        photos.start();
        open = new AutoCloseable[] {g, () -> photos.stop(0)};

        g.limit(FakeGraph.PAGE_CALLS, 2, Duration.ofHours(24));
        HttpResponse<String> ok = graph(g, "POST", "1111/feed", Map.of("message", "one"));
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(usage(ok, "1111").path("call_count").asInt()).isEqualTo(50);
        assertThat(usage(ok, "1111").path("estimated_time_to_regain_access").asInt())
                .isZero();
        assertThat(graph(g, "GET", "1111/posts", Map.of()).statusCode()).isEqualTo(200);
        HttpResponse<String> over = graph(g, "POST", "1111/feed", Map.of("message", "two"));
        assertThat(over.statusCode()).isEqualTo(400);
        JsonNode error = json(over).path("error");
        assertThat(error.path("code").asInt()).isEqualTo(32);
        assertThat(error.path("type").asString()).isEqualTo("OAuthException");
        assertThat(error.path("fbtrace_id").isString()).isTrue();
        JsonNode buc = usage(over, "1111");
        assertThat(buc.path("type").asString()).isEqualTo("pages");
        assertThat(buc.path("call_count").asInt()).isEqualTo(100);
        assertThat(buc.path("estimated_time_to_regain_access").asInt()).isEqualTo(24 * 60);
        assertThat(g.pagePostsCreated()).isEqualTo(1);

        g.limit(FakeGraph.IG_PUBLISHES, 1, Duration.ofHours(24));
        String image = "http://127.0.0.1:" + photos.getAddress().getPort() + "/p.jpg";
        String c1 = json(graph(g, "POST", "1784/media", Map.of("image_url", image, "caption", "one")))
                .path("id")
                .asString();
        assertThat(json(graph(g, "GET", c1, Map.of("fields", "status_code")))
                        .path("status_code")
                        .asString())
                .isEqualTo("FINISHED");
        assertThat(graph(g, "POST", "1784/media_publish", Map.of("creation_id", c1))
                        .statusCode())
                .isEqualTo(200);
        assertThat(json(graph(g, "GET", c1, Map.of("fields", "status_code")))
                        .path("status_code")
                        .asString())
                .isEqualTo("PUBLISHED");
        String c2 = json(graph(g, "POST", "1784/media", Map.of("image_url", image, "caption", "two")))
                .path("id")
                .asString();
        clock.advance(Duration.ofHours(20));
        HttpResponse<String> limit = graph(g, "POST", "1784/media_publish", Map.of("creation_id", c2));
        assertThat(limit.statusCode()).isEqualTo(400);
        assertThat(json(limit).path("error").path("code").asInt()).isEqualTo(9);
        assertThat(json(limit).path("error").path("error_subcode").asInt()).isEqualTo(2207042);
        assertThat(usage(limit, "1784").path("type").asString()).isEqualTo("instagram");
        assertThat(usage(limit, "1784").path("estimated_time_to_regain_access").asInt())
                .isEqualTo(4 * 60);
        JsonNode quota = json(graph(g, "GET", "1784/content_publishing_limit", Map.of()))
                .path("data")
                .get(0);
        assertThat(quota.path("quota_usage").asInt()).isEqualTo(1);
        assertThat(quota.path("config").path("quota_total").asInt()).isEqualTo(1);
        assertThat(quota.path("config").path("quota_duration").asInt()).isEqualTo(86_400);
        assertThat(g.instagramPublished()).isEqualTo(1);
        assertThat(g.rateLimitedCount()).isEqualTo(2);
        clock.advance(Duration.ofHours(4));
        assertThat(graph(g, "POST", "1784/media_publish", Map.of("creation_id", c2))
                        .statusCode())
                .isEqualTo(200);
    }

    // ------------------------------------------------------------------ plain HTTP

    private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private HttpResponse<String> upload(FakeMastodon m) throws Exception {
        String boundary = "b0undary";
        String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"p.jpg\"\r\n"
                + "Content-Type: image/jpeg\r\n\r\nxyz\r\n--" + boundary + "--\r\n";
        return send(HttpRequest.newBuilder(URI.create(m.baseUrl() + "/api/v1/media"))
                .header("Authorization", "Bearer t")
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    private HttpResponse<String> status(FakeMastodon m, String key) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(m.baseUrl() + "/api/v1/statuses"))
                .header("Authorization", "Bearer t")
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", key)
                .POST(HttpRequest.BodyPublishers.ofString("{\"status\":\"Hello\"}"))
                .build());
    }

    private HttpResponse<String> session(FakeBluesky b) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(b.baseUrl() + "/xrpc/com.atproto.server.createSession"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"identifier\":\"oak.bsky.social\",\"password\":\"pass\"}"))
                .build());
    }

    private HttpResponse<String> create(FakeBluesky b, String token, String did, String rkey) throws Exception {
        String record =
                "{\"$type\":\"app.bsky.feed.post\",\"text\":\"Hello\",\"createdAt\":\"" + clock.instant() + "\"}";
        return xrpc(
                b,
                token,
                "com.atproto.repo.createRecord",
                "{\"repo\":\"" + did + "\",\"collection\":\"app.bsky.feed.post\",\"rkey\":\"" + rkey + "\",\"record\":"
                        + record + "}");
    }

    private HttpResponse<String> delete(FakeBluesky b, String token, String did, String rkey) throws Exception {
        return xrpc(
                b,
                token,
                "com.atproto.repo.deleteRecord",
                "{\"repo\":\"" + did + "\",\"collection\":\"app.bsky.feed.post\",\"rkey\":\"" + rkey + "\"}");
    }

    private HttpResponse<String> xrpc(FakeBluesky b, String token, String method, String body) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(b.baseUrl() + "/xrpc/" + method))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    private HttpResponse<String> graph(FakeGraph g, String method, String path, Map<String, String> params)
            throws Exception {
        String form = params.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest.Builder r = HttpRequest.newBuilder(
                        URI.create(g.baseUrl() + "/v23.0/" + path + (method.equals("GET") ? "?" + form : "")))
                .header("Authorization", "Bearer tok");
        if (method.equals("POST"))
            r.header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form));
        else r.GET();
        return send(r.build());
    }

    private static JsonNode usage(HttpResponse<String> r, String id) {
        return JSON.readTree(header(r, "X-Business-Use-Case-Usage")).path(id).get(0);
    }

    private static String header(HttpResponse<String> r, String name) {
        return r.headers().firstValue(name).orElseThrow(() -> new AssertionError("no " + name + " header"));
    }

    private static JsonNode json(HttpResponse<String> r) {
        return JSON.readTree(r.body());
    }
}
