package org.staffroom.testing.slack;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP side of the fake: {@code /api/<method>} for the Web API and {@code /respond/<id>} for
 * response URLs, on a JDK {@code HttpServer} bound to 127.0.0.1.
 */
final class WebApiServer {

    private static final Logger log = LoggerFactory.getLogger(WebApiServer.class);

    private final HttpServer server;
    private final ExecutorService executor;
    private final Workspace ws;
    private final WebApiMethods methods;
    private final Faults faults;
    private final Map<String, String> tokens;
    /** The workspace each token speaks for (bot tokens their own, the app token the first workspace's). */
    private final Map<String, FakeSlack.Team> tokenTeams;
    /** Channels by workspace (team id); a channel of one workspace is not found with another's token. */
    private final Map<String, String> channelTeams;

    private final String scopes;
    private final Clock clock;
    private final AtomicLong seq = new AtomicLong();
    final Recorder<RecordedCall> calls = new Recorder<>();
    final Recorder<RecordedCall> rateLimitViolations = new Recorder<>();
    final Recorder<ResponseUrlPost> responseUrlPosts = new Recorder<>();

    WebApiServer(
            Workspace ws,
            WebApiMethods methods,
            Faults faults,
            Map<String, String> tokens,
            Map<String, FakeSlack.Team> tokenTeams,
            Map<String, String> channelTeams,
            String scopes)
            throws IOException {
        this.ws = ws;
        this.methods = methods;
        this.faults = faults;
        this.tokens = Map.copyOf(tokens);
        this.tokenTeams = Map.copyOf(tokenTeams);
        this.channelTeams = channelTeams;
        this.scopes = scopes;
        this.clock = ws.clock();
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        AtomicInteger n = new AtomicInteger();
        // Cached pool: an injected delay must not hold up other calls, as it would not on Slack's side.
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fake-slack-http-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/api/", this::api);
        server.createContext("/respond/", this::respond);
        server.createContext("/files-pri/", this::file);
    }

    void start() {
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    void stop() {
        server.stop(0);
        executor.shutdownNow();
    }

    // ------------------------------------------------------------------ /api/<method>

    private void api(HttpExchange ex) throws IOException {
        long arrivedNanos = System.nanoTime();
        Instant arrived = clock.instant();
        String method = ex.getRequestURI().getPath().substring("/api/".length());
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Map<String, List<String>> headers = lowerCased(ex);
        Map<String, String> params = new LinkedHashMap<>();
        String contentType = firstHeader(headers, "content-type");
        try {
            parseForm(ex.getRequestURI().getRawQuery(), params);
            if (contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
                parseJsonParams(body, params);
            } else {
                parseForm(body, params);
            }
        } catch (RuntimeException e) {
            finish(
                    ex,
                    seqCall(method, params, body, headers, "none", null, arrived),
                    200,
                    Json.toJson(Json.obj("ok", false, "error", "invalid_form_data")),
                    null);
            return;
        }

        String token = bearer(headers);
        if (token == null) {
            token = params.get("token");
        }
        String kind = token == null ? "none" : tokens.getOrDefault(token, "unknown");
        FakeSlack.Team team = token == null ? null : tokenTeams.get(token);
        params.remove("token"); // keep secrets out of what tests print
        if ("oauth.v2.access".equals(method)) {
            // Slack's token exchange is authenticated by the app's client id and secret (HTTP Basic).
            String[] client = basic(headers);
            String[] expected = ws.oauthClient;
            kind = client != null && expected != null && expected[0].equals(client[0]) && expected[1].equals(client[1])
                    ? WebApiMethods.CLIENT
                    : "bad_client";
            params.remove("client_secret");
        }
        if ("apps.uninstall".equals(method)) {
            // Also needs the app's client id and secret, sent as form fields.
            String[] expected = ws.oauthClient;
            boolean client = expected != null
                    && expected[0].equals(params.get("client_id"))
                    && expected[1].equals(params.get("client_secret"));
            params.remove("client_secret");
            body = "(form with the client secret, not kept)";
            if (!client && !"none".equals(kind)) kind = "bad_client";
        }

        Duration delay = faults.delayFor(method);
        if (!delay.isZero()) {
            sleep(delay);
        }

        CallDraft draft = seqCall(method, params, body, headers, kind, team, arrived);
        if ("none".equals(kind)) {
            finish(ex, draft, 200, error("not_authed"), null);
            return;
        }
        if ("bad_client".equals(kind)) {
            finish(ex, draft, 200, error("invalid_client_id"), null);
            return;
        }
        if ("unknown".equals(kind)) {
            finish(ex, draft, 200, error("invalid_auth"), null);
            return;
        }
        Faults.Fault fault = faults.take(method);
        if (fault != null) {
            finish(ex, draft, fault.status, fault.body(), fault.retryAfterSeconds);
            return;
        }
        String channel = params.getOrDefault("channel", "");
        String channelTeam = channelTeams.get(channel);
        if (team != null && channelTeam != null && !channelTeam.equals(team.id())) {
            // Another workspace's channel: Slack does not know it under this workspace's token.
            finish(ex, draft, 200, error("channel_not_found"), null);
            return;
        }
        Faults.Verdict verdict = faults.check(method, team == null ? "" : team.id(), channel, arrivedNanos);
        Faults.Limit limit = verdict.limit();
        if (limit == Faults.Limit.EXCEEDED_ENFORCED) {
            finish(ex, draft, 429, error("ratelimited"), verdict.retryAfterSeconds(), true);
            return;
        }
        String response;
        if (methods.knows(method)) {
            try {
                response = Json.toJson(methods.handle(new WebApiMethods.Call(method, params, kind, team)));
            } catch (SlackError e) {
                response = error(e.code);
            } catch (RuntimeException e) {
                // A bug in the fake, not a Slack answer: make it loud and visible in the recorded call.
                log.error("FakeSlack: {} failed inside the fake", method, e);
                finish(ex, draft, 500, error("fake_internal_error"), null);
                return;
            }
        } else {
            // Unknown methods succeed so the bot keeps going, but loudly, so gaps in the fake are visible.
            log.warn("FakeSlack: method {} is not implemented; answering ok=true", method);
            response = Json.toJson(Json.obj("ok", true));
        }
        Duration afterCommit = faults.delayAfterCommitFor(method);
        if (!afterCommit.isZero()) {
            sleep(afterCommit); // done on Slack's side; the answer is late (the caller may be gone)
        }
        finish(ex, draft, 200, response, null, limit == Faults.Limit.EXCEEDED_RECORDED);
    }

    /** Fields of a call known before the answer. */
    private record CallDraft(
            long seq,
            String method,
            Map<String, String> params,
            String body,
            Map<String, List<String>> headers,
            String kind,
            FakeSlack.Team team,
            Instant at) {}

    private CallDraft seqCall(
            String method,
            Map<String, String> params,
            String body,
            Map<String, List<String>> headers,
            String kind,
            FakeSlack.Team team,
            Instant at) {
        return new CallDraft(seq.incrementAndGet(), method, params, body, headers, kind, team, at);
    }

    private RecordedCall finish(HttpExchange ex, CallDraft d, int status, String json, Integer retryAfter)
            throws IOException {
        return finish(ex, d, status, json, retryAfter, false);
    }

    /**
     * Records the call (and, when it broke a limit, the violation) before answering, so a test that sees the
     * response also sees the record.
     */
    private RecordedCall finish(
            HttpExchange ex, CallDraft d, int status, String json, Integer retryAfter, boolean violation)
            throws IOException {
        RecordedCall rc = new RecordedCall(
                d.seq,
                d.method,
                Map.copyOf(d.params),
                d.body,
                d.headers,
                d.kind,
                d.at,
                status,
                json,
                d.team == null ? null : d.team.id());
        calls.add(rc);
        if (violation) {
            rateLimitViolations.add(rc);
        }
        ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        if (retryAfter != null) {
            ex.getResponseHeaders().set("Retry-After", String.valueOf(retryAfter));
        }
        if ("bot".equals(d.kind) && scopes != null) {
            ex.getResponseHeaders().set("x-oauth-scopes", scopes);
        }
        send(ex, status, json);
        return rc;
    }

    private static String error(String code) {
        return Json.toJson(Json.obj("ok", false, "error", code));
    }

    // ------------------------------------------------------------------ /respond/<id>

    private void respond(HttpExchange ex) throws IOException {
        String id = ex.getRequestURI().getPath().substring("/respond/".length());
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        JsonObject json;
        try {
            JsonElement e = Json.parse(body);
            json = e.isJsonObject() ? e.getAsJsonObject() : new JsonObject();
        } catch (JsonParseException e) {
            json = Json.obj("_unparsed", body);
        }
        boolean accepted = "POST".equals(ex.getRequestMethod()) && ws.useResponseUrl(id);
        int status = accepted ? 200 : 404;
        responseUrlPosts.add(new ResponseUrlPost(id, json, status, clock.instant()));
        ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        // The error text for a dead response_url is the fake's own; Slack answers 404 there too.
        send(ex, status, accepted ? "{\"ok\":true}" : "{\"ok\":false,\"error\":\"expired_url\"}");
    }

    // ------------------------------------------------------------------ /files-pri/<id>/<name>

    /** Serves hosted file bytes to the bot token only, as {@code url_private} does. */
    private void file(HttpExchange ex) throws IOException {
        ex.getRequestBody().readAllBytes();
        String[] parts =
                ex.getRequestURI().getPath().substring("/files-pri/".length()).split("/");
        String token = bearer(lowerCased(ex));
        Workspace.HostedFile f = ws.hostedFile(parts[0]).orElse(null);
        if (f == null || token == null || !"bot".equals(tokens.get(token))) {
            // Slack answers an HTML sign-in page for unauthenticated url_private requests; 404 is enough here.
            ex.sendResponseHeaders(404, -1);
            ex.close();
            return;
        }
        ex.getResponseHeaders().set("Content-Type", f.mimetype);
        ex.sendResponseHeaders(200, f.bytes.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(f.bytes);
        }
    }

    // ------------------------------------------------------------------ helpers

    private static void send(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(bytes);
        }
    }

    private static Map<String, List<String>> lowerCased(HttpExchange ex) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        ex.getRequestHeaders().forEach((k, v) -> out.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
        return Collections.unmodifiableMap(out);
    }

    private static String firstHeader(Map<String, List<String>> headers, String name) {
        List<String> v = headers.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    private static String bearer(Map<String, List<String>> headers) {
        String auth = firstHeader(headers, "authorization");
        if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return auth.substring(7).trim();
        }
        return null;
    }

    /** {@code Authorization: Basic base64(id:secret)} as {id, secret}, or null. */
    private static String[] basic(Map<String, List<String>> headers) {
        String auth = firstHeader(headers, "authorization");
        if (auth == null || !auth.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        String decoded = new String(
                java.util.Base64.getDecoder().decode(auth.substring(6).trim()), StandardCharsets.UTF_8);
        int colon = decoded.indexOf(':');
        return colon < 0 ? null : new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)};
    }

    static void parseForm(String form, Map<String, String> into) {
        if (form == null || form.isEmpty()) {
            return;
        }
        for (String pair : form.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            into.putIfAbsent(k, v);
        }
    }

    /** A few SDK methods post JSON; nested values are kept as JSON text, like form fields that carry JSON. */
    private static void parseJsonParams(String body, Map<String, String> into) {
        if (body.isBlank()) {
            return;
        }
        JsonObject o = Json.parseObject(body);
        o.entrySet()
                .forEach(e -> into.put(
                        e.getKey(),
                        e.getValue().isJsonPrimitive() ? e.getValue().getAsString() : Json.toJson(e.getValue())));
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
