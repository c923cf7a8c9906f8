package org.staffroom.testing.discord;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The fake's REST API under {@code http://127.0.0.1:PORT/api/v10/}: the routes JDA uses for a chat bot,
 * each answering with the JSON shape JDA 6.5 parses. Every request is recorded before it is answered;
 * unknown routes answer 404 and log a warning, so a gap in the fake is visible rather than silent.
 */
final class FakeDiscordRest implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FakeDiscordRest.class);

    static final String BASE_PATH = "/api/v10/";

    private static final Pattern USER_MENTION = Pattern.compile("<@!?(\\d+)>");
    private static final Pattern ROLE_MENTION = Pattern.compile("<@&(\\d+)>");

    /** Interaction response types (Discord's numbers). */
    private static final int REPLY = 4;

    private static final int DEFER_REPLY = 5;
    private static final int DEFER_UPDATE = 6;
    private static final int UPDATE_MESSAGE = 7;
    private static final int MODAL = 9;

    /** Message flags. */
    private static final int FLAG_LOADING = 1 << 7;

    @FunctionalInterface
    private interface Handler {
        RestAnswer handle(Request request);
    }

    private record Route(String method, String template, boolean authenticated, Handler handler) {}

    /** A parsed request: route parameters, query, JSON body and uploaded files. */
    private record Request(
            String method,
            String path,
            Map<String, String> params,
            Map<String, String> query,
            JsonNode body,
            List<Multipart.Part> files,
            long receivedNanos) {

        long id(String name) {
            return Long.parseUnsignedLong(params.get(name));
        }

        String param(String name) {
            return params.get(name);
        }
    }

    private final FakeDiscord fake;
    private final DiscordState state;
    private final RateLimits rateLimits;
    private final HttpServer server;
    private final ExecutorService executor;
    private final List<Route> routes = new ArrayList<>();
    private final AtomicLong sequence = new AtomicLong();
    /** Ephemeral interaction messages: not in any channel, but editable through the interaction token. */
    private final Map<Long, ObjectNode> ephemeral = new ConcurrentHashMap<>();

    FakeDiscordRest(FakeDiscord fake, DiscordState state, RateLimits rateLimits) throws IOException {
        this.fake = fake;
        this.state = state;
        this.rateLimits = rateLimits;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fake-discord-rest");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::serve);
        server.createContext("/attachments/", this::cdn);
        state.cdnOrigin = "http://127.0.0.1:" + server.getAddress().getPort();
        defineRoutes();
    }

    /** Discord's CDN for attachment bytes: no token, the path is the capability; 404 for anything unknown. */
    private void cdn(HttpExchange exchange) {
        try (exchange) {
            byte[] body = "GET".equals(exchange.getRequestMethod())
                    ? state.cdnFiles.get(exchange.getRequestURI().getPath())
                    : null;
            if (body == null) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        } catch (IOException e) {
            LOG.debug("FakeDiscord CDN exchange failed: {}", e.toString());
        }
    }

    void start() {
        server.start();
    }

    /** The REST base URL JDA's {@code RestConfig#setBaseUrl} takes. */
    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + BASE_PATH;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    // ---------------------------------------------------------------------------------------------
    // Routes

    private void defineRoutes() {
        route(
                "GET",
                "gateway",
                false,
                r -> RestAnswer.ok(Json.object().put("url", fake.gateway().url())));
        route("GET", "gateway/bot", true, r -> gatewayBot());
        route("GET", "users/@me", true, r -> RestAnswer.ok(state.selfJson()));
        route("GET", "users/{user_id}", true, r -> RestAnswer.ok(state.userJson(r.id("user_id"))));
        route("GET", "oauth2/applications/@me", true, r -> RestAnswer.ok(applicationJson()));
        route("GET", "applications/@me", true, r -> RestAnswer.ok(applicationJson()));
        route("POST", "users/@me/channels", true, this::openDm);

        route("PUT", "applications/{application_id}/commands", true, r -> commandsPut(r, "global", 0));
        route("GET", "applications/{application_id}/commands", true, r -> commandList(r, "global"));
        route("POST", "applications/{application_id}/commands", true, r -> commandUpsert(r, "global", 0));
        route(
                "PUT",
                "applications/{application_id}/guilds/{guild_id}/commands",
                true,
                r -> commandsPut(r, r.param("guild_id"), r.id("guild_id")));
        route(
                "GET",
                "applications/{application_id}/guilds/{guild_id}/commands",
                true,
                r -> commandList(r, r.param("guild_id")));
        route(
                "POST",
                "applications/{application_id}/guilds/{guild_id}/commands",
                true,
                r -> commandUpsert(r, r.param("guild_id"), r.id("guild_id")));

        route("GET", "channels/{channel_id}", true, this::getChannel);
        route("POST", "channels/{channel_id}/messages", true, this::createMessage);
        route("GET", "channels/{channel_id}/messages", true, this::history);
        route("GET", "channels/{channel_id}/messages/{message_id}", true, this::getMessage);
        route("PATCH", "channels/{channel_id}/messages/{message_id}", true, this::editMessage);
        route("DELETE", "channels/{channel_id}/messages/{message_id}", true, this::deleteMessage);
        route(
                "PUT",
                "channels/{channel_id}/messages/{message_id}/reactions/{emoji}/@me",
                true,
                r -> addReaction(r, state.botId));
        route(
                "DELETE",
                "channels/{channel_id}/messages/{message_id}/reactions/{emoji}/@me",
                true,
                r -> removeReaction(r, state.botId));
        route(
                "DELETE",
                "channels/{channel_id}/messages/{message_id}/reactions/{emoji}/{user_id}",
                true,
                r -> removeReaction(r, r.id("user_id")));
        route("GET", "channels/{channel_id}/messages/{message_id}/reactions/{emoji}", true, this::reactionUsers);
        route("POST", "channels/{channel_id}/messages/{message_id}/threads", true, this::threadFromMessage);
        route("POST", "channels/{channel_id}/threads", true, this::threadWithoutMessage);

        route("GET", "guilds/{guild_id}/members/{user_id}", true, this::getMember);
        route("GET", "guilds/{guild_id}/channels", true, this::guildChannels);
        route("GET", "guilds/{guild_id}/threads/active", true, this::activeThreads);

        route("POST", "interactions/{interaction_id}/{interaction_token}/callback", false, this::callback);
        route("POST", "webhooks/{application_id}/{interaction_token}", false, this::followUp);
        route(
                "GET",
                "webhooks/{application_id}/{interaction_token}/messages/{message_id}",
                false,
                this::getWebhookMessage);
        route(
                "PATCH",
                "webhooks/{application_id}/{interaction_token}/messages/{message_id}",
                false,
                this::editWebhookMessage);
        route(
                "DELETE",
                "webhooks/{application_id}/{interaction_token}/messages/{message_id}",
                false,
                this::deleteWebhookMessage);
    }

    private void route(String method, String template, boolean authenticated, Handler handler) {
        routes.add(new Route(method, template, authenticated, handler));
    }

    // ---------------------------------------------------------------------------------------------
    // Serving

    /** A request as it arrived; {@code malformed} if its body was not valid JSON. */
    private record Incoming(
            String method,
            String rawPath,
            String path,
            Map<String, String> headers,
            Map<String, String> query,
            JsonNode body,
            List<Multipart.Part> files,
            boolean malformed,
            Instant receivedAt,
            long nanoTime) {}

    /** The answer, the route it matched, and whether to drop the connection instead of answering. */
    private record Outcome(RestAnswer answer, String route, boolean dropConnection) {}

    private void serve(HttpExchange exchange) {
        try (exchange) {
            Incoming in = read(exchange);
            long seq = sequence.incrementAndGet();
            List<String> fileNames =
                    in.files().stream().map(Multipart.Part::filename).toList();
            Outcome out = fake.handleThenRecord(
                    () -> in.malformed()
                            ? new Outcome(
                                    RestAnswer.error(400, 50109, "The request body contains invalid JSON."),
                                    in.path(),
                                    false)
                            : handle(in),
                    o -> fake.record(new RecordedCall(
                            seq,
                            in.method(),
                            in.path(),
                            o.route(),
                            Map.copyOf(in.query()),
                            Map.copyOf(in.headers()),
                            in.body(),
                            fileNames,
                            o.dropConnection() ? 0 : o.answer().status(),
                            in.receivedAt(),
                            in.nanoTime())));
            if (!out.dropConnection()) {
                // Returning without response headers instead makes the client see a dropped connection.
                respond(exchange, out.answer());
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("FakeDiscord REST exchange failed: {}", e.toString());
        }
    }

    private static Incoming read(HttpExchange exchange) throws IOException {
        long nanoTime = System.nanoTime();
        Instant receivedAt = Instant.now();
        byte[] raw;
        try (InputStream in = exchange.getRequestBody()) {
            raw = in.readAllBytes();
        }
        String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
        String rawPath = exchange.getRequestURI().getRawPath();
        String path = rawPath.startsWith(BASE_PATH) ? decodePath(rawPath.substring(BASE_PATH.length())) : rawPath;
        Map<String, String> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v.get(0)));
        Map<String, String> query = parseQuery(exchange.getRequestURI().getRawQuery());
        String contentType = headers.get("content-type");
        JsonNode body = JsonNodeFactory.instance.nullNode();
        List<Multipart.Part> files = new ArrayList<>();
        boolean malformed = false;
        try {
            if (Multipart.isMultipart(contentType)) {
                for (Multipart.Part part : Multipart.parse(contentType, raw)) {
                    if ("payload_json".equals(part.name())) {
                        body = Json.parse(part.data());
                    } else if (part.filename() != null) {
                        files.add(part);
                    }
                }
            } else if (raw.length > 0) {
                body = Json.parse(raw);
            }
        } catch (RuntimeException e) {
            malformed = true;
        }
        return new Incoming(method, rawPath, path, headers, query, body, files, malformed, receivedAt, nanoTime);
    }

    /** Routes, authenticates, rate-limits, injects faults and runs the handler, in Discord's order. */
    private Outcome handle(Incoming in) {
        Route matched = null;
        Map<String, String> params = null;
        boolean pathKnown = false;
        if (in.rawPath().startsWith(BASE_PATH)) {
            for (Route route : routes) {
                Map<String, String> p = RoutePattern.match(route.template(), in.path());
                if (p != null) {
                    pathKnown = true;
                    if (route.method().equals(in.method())) {
                        matched = route;
                        params = p;
                        break;
                    }
                }
            }
        }
        if (matched == null) {
            LOG.warn(
                    "FakeDiscord has no route for {} {} (answering {})",
                    in.method(),
                    in.rawPath(),
                    pathKnown ? 405 : 404);
            RestAnswer answer = pathKnown
                    ? RestAnswer.error(405, 0, "405: Method Not Allowed")
                    : RestAnswer.error(404, 0, "404: Not Found");
            return new Outcome(answer, in.path(), false);
        }
        if (matched.authenticated()
                && !("Bot " + fake.token()).equals(in.headers().get("authorization"))) {
            return new Outcome(RestAnswer.error(401, 0, "401: Unauthorized"), matched.template(), false);
        }
        RateLimits.Bucket bucket = RateLimits.bucketOf(in.method(), matched.template(), params);
        Optional<RestAnswer> limited = rateLimits.admit(in.method(), in.path(), bucket);
        if (limited.isPresent()) {
            return new Outcome(limited.get(), matched.template(), false);
        }
        RestFault fault = fake.takeFault(in.method(), in.path());
        if (fault != null && !handlesRequest(fault)) {
            return new Outcome(
                    faultAnswer(fault, bucket), matched.template(), fault.kind() == RestFault.Kind.DISCONNECT);
        }
        if (fault != null && fault.kind() == RestFault.Kind.DELAY) {
            sleep(fault.duration());
        }
        RestAnswer answer;
        try {
            answer = matched.handler()
                    .handle(new Request(
                            in.method(), in.path(), params, in.query(), in.body(), in.files(), in.nanoTime()));
        } catch (RuntimeException e) {
            LOG.warn("FakeDiscord failed handling {} {}", in.method(), in.path(), e);
            answer = RestAnswer.error(500, 0, "500: Internal Server Error in FakeDiscord: " + e);
        }
        rateLimits.decorate(answer, bucket);
        if (fault != null && fault.kind() == RestFault.Kind.ERROR_AFTER_COMMIT) {
            answer = new RestAnswer(fault.status(), null, new LinkedHashMap<>());
        }
        return new Outcome(
                answer, matched.template(), fault != null && fault.kind() == RestFault.Kind.DISCONNECT_AFTER_COMMIT);
    }

    /** Faults after which the request is still handled (state changes) before the fault shows. */
    private static boolean handlesRequest(RestFault fault) {
        return switch (fault.kind()) {
            case ERROR_AFTER_COMMIT, DELAY, DISCONNECT_AFTER_COMMIT -> true;
            default -> false;
        };
    }

    private RestAnswer faultAnswer(RestFault fault, RateLimits.Bucket bucket) {
        return switch (fault.kind()) {
            case RATE_LIMITED, GLOBAL_RATE_LIMITED, CLOUDFLARE_RATE_LIMITED -> {
                rateLimits.block(bucket, fault.duration(), fault.kind());
                yield RateLimits.tooManyRequests(bucket, fault.duration().toMillis() / 1000.0, fault.kind());
            }
            case STATUS -> RestAnswer.error(fault.status(), 0, fault.status() + ": injected by FakeDiscord");
            default -> RestAnswer.noContent();
        };
    }

    private static void respond(HttpExchange exchange, RestAnswer answer) throws IOException {
        var headers = exchange.getResponseHeaders();
        boolean via = !answer.headers().containsKey("X-No-Via");
        answer.headers().forEach((k, v) -> {
            if (!k.equals("X-No-Via")) {
                headers.set(k, v);
            }
        });
        if (via) {
            // Every Discord answer passes Google's load balancer; JDA reads a 429 without Via as Cloudflare's.
            headers.set("Via", "1.1 google");
        }
        if (answer.body() == null) {
            exchange.sendResponseHeaders(answer.status(), -1);
            return;
        }
        byte[] bytes = Json.write(answer.body()).getBytes(StandardCharsets.UTF_8);
        headers.set("Content-Type", "application/json");
        exchange.sendResponseHeaders(answer.status(), bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static Map<String, String> parseQuery(String rawQuery) {
        Map<String, String> out = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return out;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            out.putIfAbsent(
                    URLDecoder.decode(key, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return out;
    }

    /** Percent-decodes each segment; a literal '+' stays '+' in paths. */
    private static String decodePath(String rawPath) {
        String[] segments = rawPath.split("/", -1);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < segments.length; i++) {
            if (i > 0) {
                out.append('/');
            }
            out.append(URLDecoder.decode(segments[i].replace("+", "%2B"), StandardCharsets.UTF_8));
        }
        return out.toString();
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Misc

    private RestAnswer gatewayBot() {
        ObjectNode json = Json.object();
        json.put("url", fake.gateway().url());
        json.put("shards", 1);
        ObjectNode limit = json.putObject("session_start_limit");
        limit.put("total", 1000);
        limit.put("remaining", Math.max(0, 1000 - fake.gateway().identifyCount()));
        limit.put("reset_after", 86_400_000);
        limit.put("max_concurrency", 1);
        return RestAnswer.ok(json);
    }

    private ObjectNode applicationJson() {
        ObjectNode json = Json.object();
        json.put("id", Json.id(state.applicationId));
        json.put("name", state.user(state.botId).username());
        json.putNull("icon");
        json.put("description", "");
        json.put("summary", "");
        json.put("bot_public", false);
        json.put("bot_require_code_grant", false);
        json.put("verify_key", "0");
        json.put("flags", 0);
        json.set("owner", state.userJson(state.botId));
        json.putNull("team");
        json.set("bot", state.userJson(state.botId));
        return json;
    }

    private RestAnswer openDm(Request r) {
        long recipient = Json.longValue(r.body(), "recipient_id", 0);
        if (recipient == 0) {
            return invalidForm("recipient_id is required");
        }
        return RestAnswer.ok(state.channelJson(state.dmChannel(recipient).id));
    }

    // ---------------------------------------------------------------------------------------------
    // Commands

    private RestAnswer commandsPut(Request r, String scope, long guildId) {
        if (wrongApplication(r)) {
            return RestAnswer.error(403, 50001, "Missing Access");
        }
        if (guildId != 0 && state.guild(guildId).isEmpty()) {
            return RestAnswer.error(403, 50001, "Missing Access");
        }
        ArrayNode out = Json.array();
        state.putCommands(scope, guildId, r.body()).forEach(out::add);
        return RestAnswer.ok(out);
    }

    private RestAnswer commandList(Request r, String scope) {
        ArrayNode out = Json.array();
        state.commands(scope).forEach(out::add);
        return RestAnswer.ok(out);
    }

    private RestAnswer commandUpsert(Request r, String scope, long guildId) {
        if (wrongApplication(r)) {
            return RestAnswer.error(403, 50001, "Missing Access");
        }
        return RestAnswer.ok(state.upsertCommand(scope, guildId, r.body()));
    }

    private boolean wrongApplication(Request r) {
        return r.id("application_id") != state.applicationId;
    }

    // ---------------------------------------------------------------------------------------------
    // Channels and messages

    private RestAnswer getChannel(Request r) {
        return state.channel(r.id("channel_id"))
                .map(c -> RestAnswer.ok(state.channelJson(c.id)))
                .orElseGet(FakeDiscordRest::unknownChannel);
    }

    private RestAnswer createMessage(Request r) {
        long channelId = r.id("channel_id");
        if (state.channel(channelId).isEmpty()) {
            return unknownChannel();
        }
        JsonNode body = r.body();
        Optional<RestAnswer> invalid = validateMessageBody(body, r.files());
        if (invalid.isPresent()) {
            return invalid.get();
        }
        ObjectNode reference = null;
        ObjectNode referenced = null;
        JsonNode ref = body.get("message_reference");
        if (ref != null && ref.isObject()) {
            long refId = Json.longValue(ref, "message_id", 0);
            long refChannel = Json.longValue(ref, "channel_id", channelId);
            Optional<ObjectNode> target = state.message(refChannel, refId);
            if (target.isEmpty() && Json.bool(ref, "fail_if_not_exists", true)) {
                return invalidForm("message_reference: Unknown message");
            }
            if (target.isPresent()) {
                referenced = target.get();
                reference = Json.object();
                reference.put("type", 0);
                reference.put("message_id", Json.id(refId));
                reference.put("channel_id", Json.id(refChannel));
                long guildId = state.guildOf(refChannel);
                if (guildId != 0) {
                    reference.put("guild_id", Json.id(guildId));
                }
            }
        }
        long id = state.snowflakes.next();
        ObjectNode message = state.newMessageJson(
                id, channelId, state.botId, Json.text(body, "content"), reference == null ? 0 : 19);
        copyMessageFields(body, message);
        message.put("flags", Json.intValue(body, "flags", 0) & ((1 << 2) | (1 << 12) | (1 << 15)));
        applyMentions(message, body, referenced);
        if (reference != null) {
            message.set("message_reference", reference);
            message.set("referenced_message", referenced);
        }
        addAttachments(message, channelId, body, r.files());
        String nonce = Json.text(body, "nonce");
        if (nonce != null) {
            message.set("nonce", body.get("nonce").deepCopy());
        }
        DiscordState.Created created = state.createMessage(message, nonce, Json.bool(body, "enforce_nonce", false));
        if (created.isNew()) {
            fake.echo(Dispatch.raw(
                    "MESSAGE_CREATE", state.toGatewayMessage(created.message()), state.guildOf(channelId)));
        }
        return RestAnswer.ok(created.message());
    }

    private Optional<RestAnswer> validateMessageBody(JsonNode body, List<Multipart.Part> files) {
        if (body == null || !body.isObject()) {
            return Optional.of(RestAnswer.error(400, 50006, "Cannot send an empty message"));
        }
        Optional<RestAnswer> overLimit = limits(body);
        if (overLimit.isPresent()) {
            return overLimit;
        }
        String content = Json.text(body, "content");
        String nonce = Json.text(body, "nonce");
        if (nonce != null && nonce.length() > 25) {
            return Optional.of(invalidForm("nonce: Must be 25 or fewer in length."));
        }
        boolean hasSomething = (content != null && !content.isEmpty())
                || !Json.elements(body, "embeds").isEmpty()
                || !Json.elements(body, "components").isEmpty()
                || !Json.elements(body, "sticker_ids").isEmpty()
                || body.has("poll")
                || !files.isEmpty();
        return hasSomething
                ? Optional.empty()
                : Optional.of(RestAnswer.error(400, 50006, "Cannot send an empty message"));
    }

    /**
     * Discord's limits on a message's content and embeds, for posts, edits and interaction answers alike
     * (https://discord.com/developers/docs/resources/message#embed-object-embed-limits): 2,000 characters of
     * content; at most 10 embeds; a title of 256, a description of 4,096, 25 fields of 256 (name) and 1,024
     * (value), a footer of 2,048 and an author of 256 characters; 6,000 characters in all embeds together.
     */
    static Optional<RestAnswer> limits(JsonNode body) {
        if (body == null || !body.isObject()) {
            return Optional.empty();
        }
        String content = Json.text(body, "content");
        if (content != null && content.codePointCount(0, content.length()) > 2000) {
            return Optional.of(invalidForm("content: Must be 2000 or fewer in length."));
        }
        List<JsonNode> embeds = Json.elements(body, "embeds");
        if (embeds.size() > 10) {
            return Optional.of(invalidForm("embeds: Must be 10 or fewer in length."));
        }
        int total = 0;
        for (int i = 0; i < embeds.size(); i++) {
            JsonNode e = embeds.get(i);
            String at = "embeds." + i + ".";
            int[] used = {0};
            Optional<RestAnswer> bad = within(e.path("title"), 256, at + "title", used)
                    .or(() -> within(e.path("description"), 4096, at + "description", used))
                    .or(() -> within(e.path("footer").path("text"), 2048, at + "footer.text", used))
                    .or(() -> within(e.path("author").path("name"), 256, at + "author.name", used));
            if (bad.isPresent()) {
                return bad;
            }
            List<JsonNode> fields = Json.elements(e, "fields");
            if (fields.size() > 25) {
                return Optional.of(invalidForm(at + "fields: Must be 25 or fewer in length."));
            }
            for (int f = 0; f < fields.size(); f++) {
                JsonNode field = fields.get(f);
                for (String part : List.of("name", "value")) {
                    String text = field.path(part).asString("");
                    if (text.isEmpty()) {
                        return Optional.of(invalidForm(at + "fields." + f + "." + part + ": This field is required"));
                    }
                }
                String where = at + "fields." + f;
                bad = within(field.path("name"), 256, where + ".name", used)
                        .or(() -> within(field.path("value"), 1024, where + ".value", used));
                if (bad.isPresent()) {
                    return bad;
                }
            }
            total += used[0];
        }
        if (total > 6000) {
            return Optional.of(invalidForm("embeds: Embed size exceeds maximum size of 6000"));
        }
        return Optional.empty();
    }

    private static Optional<RestAnswer> within(JsonNode text, int max, String path, int[] used) {
        if (text == null || !text.isString()) {
            return Optional.empty();
        }
        String s = text.asString();
        int length = s.codePointCount(0, s.length());
        used[0] += length;
        return length > max
                ? Optional.of(invalidForm(path + ": Must be " + max + " or fewer in length."))
                : Optional.empty();
    }

    private static void copyMessageFields(JsonNode body, ObjectNode message) {
        for (String field : List.of("embeds", "components", "tts", "poll")) {
            JsonNode value = body.get(field);
            if (value != null && !value.isNull()) {
                message.set(field, value.deepCopy());
            }
        }
        DiscordState.markRichEmbeds(message);
    }

    /**
     * Fills mentions the way Discord decides who is pinged: by the content, filtered by
     * {@code allowed_mentions} (absent means every type is parsed, {@code @everyone} included).
     */
    private void applyMentions(ObjectNode message, JsonNode body, ObjectNode referenced) {
        String content = message.path("content").asString("");
        JsonNode allowed = body.get("allowed_mentions");
        Set<String> parse = new LinkedHashSet<>(List.of("users", "roles", "everyone"));
        Set<String> users = new LinkedHashSet<>();
        Set<String> roles = new LinkedHashSet<>();
        boolean repliedUser = false;
        if (allowed != null && allowed.isObject()) {
            parse.clear();
            Json.elements(allowed, "parse").forEach(p -> parse.add(p.asString()));
            Json.elements(allowed, "users").forEach(u -> users.add(u.asString()));
            Json.elements(allowed, "roles").forEach(u -> roles.add(u.asString()));
            repliedUser = Json.bool(allowed, "replied_user", false);
        } else {
            repliedUser = true;
        }
        ArrayNode mentions = message.putArray("mentions");
        Set<String> mentioned = new LinkedHashSet<>();
        Matcher m = USER_MENTION.matcher(content);
        while (m.find()) {
            String id = m.group(1);
            if ((parse.contains("users") || users.contains(id)) && mentioned.add(id)) {
                mentions.add(state.userJson(Long.parseUnsignedLong(id)));
            }
        }
        if (referenced != null && repliedUser) {
            String author = Json.text(referenced.get("author"), "id");
            if (author != null && mentioned.add(author)) {
                mentions.add(state.userJson(Long.parseUnsignedLong(author)));
            }
        }
        ArrayNode mentionRoles = message.putArray("mention_roles");
        Matcher rm = ROLE_MENTION.matcher(content);
        while (rm.find()) {
            String id = rm.group(1);
            if (parse.contains("roles") || roles.contains(id)) {
                mentionRoles.add(id);
            }
        }
        message.put(
                "mention_everyone",
                parse.contains("everyone") && (content.contains("@everyone") || content.contains("@here")));
    }

    private void addAttachments(ObjectNode message, long channelId, JsonNode body, List<Multipart.Part> files) {
        ArrayNode attachments = message.putArray("attachments");
        List<JsonNode> meta = Json.elements(body, "attachments");
        for (int i = 0; i < files.size(); i++) {
            Multipart.Part file = files.get(i);
            long attachmentId = state.snowflakes.next();
            ObjectNode a = attachments.addObject();
            a.put("id", Json.id(attachmentId));
            a.put("filename", file.filename());
            a.put("size", file.data().length);
            String url =
                    "https://cdn.discordapp.com/attachments/" + channelId + "/" + attachmentId + "/" + file.filename();
            a.put("url", url);
            a.put("proxy_url", url.replace("cdn.discordapp.com", "media.discordapp.net"));
            if (file.contentType() != null) {
                a.put("content_type", file.contentType());
            }
            if (i < meta.size() && Json.text(meta.get(i), "description") != null) {
                a.put("description", Json.text(meta.get(i), "description"));
            }
        }
    }

    private RestAnswer history(Request r) {
        long channelId = r.id("channel_id");
        if (state.channel(channelId).isEmpty()) {
            return unknownChannel();
        }
        int limit = Math.max(1, Math.min(100, parseInt(r.query().get("limit"), 50)));
        ArrayNode out = Json.array();
        state.history(
                        channelId,
                        parseLong(r.query().get("before")),
                        parseLong(r.query().get("after")),
                        parseLong(r.query().get("around")),
                        limit)
                .forEach(out::add);
        return RestAnswer.ok(out);
    }

    private RestAnswer getMessage(Request r) {
        return state.message(r.id("channel_id"), r.id("message_id"))
                .map(RestAnswer::ok)
                .orElseGet(FakeDiscordRest::unknownMessage);
    }

    private RestAnswer editMessage(Request r) {
        long channelId = r.id("channel_id");
        long messageId = r.id("message_id");
        Optional<ObjectNode> existing = state.message(channelId, messageId);
        if (existing.isEmpty()) {
            return unknownMessage();
        }
        if (Json.longValue(existing.get().get("author"), "id", 0) != state.botId) {
            return RestAnswer.error(403, 50005, "Cannot edit a message authored by another user");
        }
        Optional<RestAnswer> overLimit = limits(r.body());
        if (overLimit.isPresent()) {
            return overLimit.get();
        }
        ObjectNode edited = state.editMessage(channelId, messageId, r.body()).orElseThrow();
        fake.echo(Dispatch.raw("MESSAGE_UPDATE", state.toGatewayMessage(edited), state.guildOf(channelId)));
        return RestAnswer.ok(edited);
    }

    private RestAnswer deleteMessage(Request r) {
        long channelId = r.id("channel_id");
        long messageId = r.id("message_id");
        if (!state.deleteMessage(channelId, messageId)) {
            return unknownMessage();
        }
        fake.echo(fake.events().messageDelete(channelId, messageId));
        return RestAnswer.noContent();
    }

    private RestAnswer addReaction(Request r, long userId) {
        long channelId = r.id("channel_id");
        long messageId = r.id("message_id");
        if (state.message(channelId, messageId).isEmpty()) {
            return unknownMessage();
        }
        String emoji = r.param("emoji");
        if (emoji.isBlank()) {
            return RestAnswer.error(400, 10014, "Unknown Emoji");
        }
        if (state.addReaction(messageId, emoji, userId)) {
            fake.echo(fake.events().reactionDispatch("MESSAGE_REACTION_ADD", channelId, messageId, userId, emoji));
        }
        return RestAnswer.noContent();
    }

    private RestAnswer removeReaction(Request r, long userId) {
        long channelId = r.id("channel_id");
        long messageId = r.id("message_id");
        if (state.message(channelId, messageId).isEmpty()) {
            return unknownMessage();
        }
        String emoji = r.param("emoji");
        if (state.removeReaction(messageId, emoji, userId)) {
            fake.echo(fake.events().reactionDispatch("MESSAGE_REACTION_REMOVE", channelId, messageId, userId, emoji));
        }
        return RestAnswer.noContent();
    }

    private RestAnswer reactionUsers(Request r) {
        long channelId = r.id("channel_id");
        long messageId = r.id("message_id");
        if (state.message(channelId, messageId).isEmpty()) {
            return unknownMessage();
        }
        int limit = Math.max(1, Math.min(100, parseInt(r.query().get("limit"), 25)));
        Long after = parseLong(r.query().get("after"));
        List<Long> ids = new ArrayList<>(state.reactions(messageId).getOrDefault(r.param("emoji"), List.of()));
        ids.sort(Long::compareUnsigned);
        ArrayNode out = Json.array();
        for (long id : ids) {
            if ((after == null || Long.compareUnsigned(id, after) > 0) && out.size() < limit) {
                out.add(state.userJson(id));
            }
        }
        return RestAnswer.ok(out);
    }

    // ---------------------------------------------------------------------------------------------
    // Threads

    private RestAnswer threadFromMessage(Request r) {
        long channelId = r.id("channel_id");
        long messageId = r.id("message_id");
        Optional<DiscordState.Channel> parent = state.channel(channelId);
        if (parent.isEmpty()) {
            return unknownChannel();
        }
        if (parent.get().type != DiscordState.CHANNEL_TEXT) {
            return RestAnswer.error(400, 50024, "Cannot execute action on this channel type");
        }
        if (state.message(channelId, messageId).isEmpty()) {
            return unknownMessage();
        }
        if (state.channel(messageId).isPresent()) {
            return RestAnswer.error(400, 160004, "A thread has already been created for this message");
        }
        String name = Json.text(r.body(), "name");
        if (name == null || name.isBlank() || name.length() > 100) {
            return invalidForm("name: Must be between 1 and 100 in length.");
        }
        // Discord gives a thread started from a message the message's id.
        state.createThread(
                channelId,
                messageId,
                name,
                DiscordState.CHANNEL_PUBLIC_THREAD,
                state.botId,
                Json.intValue(r.body(), "auto_archive_duration", 1440));
        ObjectNode thread = threadJson(messageId);
        state.attachThread(channelId, messageId, state.channelJson(messageId));
        return new RestAnswer(201, thread, new LinkedHashMap<>());
    }

    private RestAnswer threadWithoutMessage(Request r) {
        long channelId = r.id("channel_id");
        Optional<DiscordState.Channel> parent = state.channel(channelId);
        if (parent.isEmpty()) {
            return unknownChannel();
        }
        if (parent.get().type != DiscordState.CHANNEL_TEXT) {
            return RestAnswer.error(400, 50024, "Cannot execute action on this channel type");
        }
        String name = Json.text(r.body(), "name");
        if (name == null || name.isBlank() || name.length() > 100) {
            return invalidForm("name: Must be between 1 and 100 in length.");
        }
        int type = Json.intValue(r.body(), "type", DiscordState.CHANNEL_PRIVATE_THREAD);
        long threadId = state.snowflakes.next();
        state.createThread(
                channelId, threadId, name, type, state.botId, Json.intValue(r.body(), "auto_archive_duration", 1440));
        return new RestAnswer(201, threadJson(threadId), new LinkedHashMap<>());
    }

    /** The new thread with the bot as member; THREAD_CREATE goes out as Discord sends it to the creator. */
    private ObjectNode threadJson(long threadId) {
        ObjectNode thread = state.channelJson(threadId);
        thread.set("member", state.selfThreadMemberJson(threadId));
        ObjectNode event = thread.deepCopy();
        event.put("newly_created", true);
        fake.echo(Dispatch.raw("THREAD_CREATE", event, state.guildOf(threadId)));
        return thread;
    }

    // ---------------------------------------------------------------------------------------------
    // Guilds

    private RestAnswer getMember(Request r) {
        long guildId = r.id("guild_id");
        long userId = r.id("user_id");
        Optional<DiscordState.Guild> guild = state.guild(guildId);
        if (guild.isEmpty()) {
            return RestAnswer.error(404, 10004, "Unknown Guild");
        }
        if (!guild.get().members.containsKey(userId)) {
            return RestAnswer.error(404, 10007, "Unknown Member");
        }
        return RestAnswer.ok(state.memberJson(guildId, userId, true));
    }

    private RestAnswer guildChannels(Request r) {
        Optional<DiscordState.Guild> guild = state.guild(r.id("guild_id"));
        if (guild.isEmpty()) {
            return RestAnswer.error(404, 10004, "Unknown Guild");
        }
        ArrayNode out = Json.array();
        guild.get().channelIds.forEach(c -> out.add(state.channelJson(c)));
        return RestAnswer.ok(out);
    }

    private RestAnswer activeThreads(Request r) {
        long guildId = r.id("guild_id");
        ObjectNode out = Json.object();
        ArrayNode threads = out.putArray("threads");
        state.threads(guildId).forEach(t -> threads.add(state.channelJson(t.id)));
        out.putArray("members");
        return RestAnswer.ok(out);
    }

    // ---------------------------------------------------------------------------------------------
    // Interactions

    private RestAnswer callback(Request r) {
        Optional<DiscordState.Interaction> found = state.interaction(r.id("interaction_id"));
        if (found.isEmpty() || !found.get().token.equals(r.param("interaction_token"))) {
            return RestAnswer.error(404, 10062, "Unknown interaction");
        }
        DiscordState.Interaction interaction = found.get();
        int type = Json.intValue(r.body(), "type", -1);
        JsonNode data = r.body().path("data");
        // When the request arrived, not when this thread got to it: on a busy machine the difference would
        // count against the bot's three seconds.
        long now = r.receivedNanos();
        synchronized (interaction) {
            if (interaction.callbackType != null) {
                return RestAnswer.error(400, 40060, "Interaction has already been acknowledged.");
            }
            if (now - interaction.dispatchedNanos
                    > fake.interactionAckDeadline().toNanos()) {
                // Discord forgets interactions not acknowledged within 3 s.
                return RestAnswer.error(404, 10062, "Unknown interaction");
            }
            boolean component = interaction.type == 3;
            if ((type == DEFER_UPDATE || type == UPDATE_MESSAGE) && !component) {
                return invalidForm("type: This response type is only valid for component interactions");
            }
            if (type == MODAL && interaction.type == 5) {
                return invalidForm("type: A modal cannot answer a modal submit");
            }
            if (type < 1 || type > 12) {
                return invalidForm("type: Value is not a valid interaction callback type");
            }
            if (type == REPLY || type == UPDATE_MESSAGE) {
                Optional<RestAnswer> overLimit = limits(data);
                if (overLimit.isPresent()) {
                    return overLimit.get(); // refused, so not acknowledged either
                }
            }
            // The time first: readers take a set type to mean the time is there too.
            interaction.callbackNanos = now;
            interaction.callbackType = type;
        }

        ObjectNode message = null;
        switch (type) {
            case REPLY -> message = interactionMessage(interaction, data, 0);
            case DEFER_REPLY -> message = interactionMessage(interaction, data, FLAG_LOADING);
            case UPDATE_MESSAGE -> {
                long sourceId = interaction.sourceMessageId;
                Optional<ObjectNode> edited = state.editMessage(interaction.channelId, sourceId, data);
                if (edited.isPresent()) {
                    message = edited.get();
                    fake.echo(Dispatch.raw(
                            "MESSAGE_UPDATE", state.toGatewayMessage(message), state.guildOf(interaction.channelId)));
                }
                interaction.originalMessageId = sourceId;
            }
            case DEFER_UPDATE -> interaction.originalMessageId = interaction.sourceMessageId;
            default -> {
                // MODAL, autocomplete results and the rest create no message.
            }
        }
        if (!"true".equals(r.query().get("with_response"))) {
            return RestAnswer.noContent();
        }
        ObjectNode response = Json.object();
        ObjectNode info = response.putObject("interaction");
        info.put("id", Json.id(interaction.id));
        info.put("type", interaction.type);
        if (message != null) {
            info.put("response_message_id", Json.id(Json.longValue(message, "id", 0)));
            info.put("response_message_loading", type == DEFER_REPLY);
            info.put(
                    "response_message_ephemeral",
                    (Json.intValue(message, "flags", 0) & DiscordState.FLAG_EPHEMERAL) != 0);
        }
        ObjectNode resource = response.putObject("resource");
        resource.put("type", type);
        if (message != null) {
            resource.set("message", message);
        }
        return RestAnswer.ok(response);
    }

    /** Creates the message an interaction reply or deferred reply shows; ephemeral ones stay out of the channel. */
    private ObjectNode interactionMessage(DiscordState.Interaction interaction, JsonNode data, int extraFlags) {
        long id = state.snowflakes.next();
        int messageType = interaction.type == 2 ? 20 : 0;
        ObjectNode message =
                state.newMessageJson(id, interaction.channelId, state.botId, Json.text(data, "content"), messageType);
        if (data.isObject()) {
            copyMessageFields(data, message);
            applyMentions(message, data, null);
        }
        int flags =
                (Json.intValue(data, "flags", 0) & (DiscordState.FLAG_EPHEMERAL | (1 << 2) | (1 << 12))) | extraFlags;
        message.put("flags", flags);
        message.put("webhook_id", Json.id(state.applicationId));
        message.put("application_id", Json.id(state.applicationId));
        ObjectNode metadata = message.putObject("interaction_metadata");
        metadata.put("id", Json.id(interaction.id));
        metadata.put("type", interaction.type);
        metadata.set("user", state.userJson(interaction.userId));
        ObjectNode owners = metadata.putObject("authorizing_integration_owners");
        owners.put("0", Json.id(interaction.guildId));
        interaction.originalMessageId = id;
        storeInteractionMessage(message);
        return message;
    }

    private void storeInteractionMessage(ObjectNode message) {
        long id = Json.longValue(message, "id", 0);
        if ((Json.intValue(message, "flags", 0) & DiscordState.FLAG_EPHEMERAL) != 0) {
            ephemeral.put(id, message.deepCopy());
            return;
        }
        long channelId = Json.longValue(message, "channel_id", 0);
        ObjectNode stored = state.createMessage(message, null, false).message();
        fake.echo(Dispatch.raw("MESSAGE_CREATE", state.toGatewayMessage(stored), state.guildOf(channelId)));
    }

    private Optional<DiscordState.Interaction> followUpInteraction(Request r) {
        if (r.id("application_id") != state.applicationId) {
            return Optional.empty();
        }
        return state.interactionByToken(r.param("interaction_token"))
                .filter(i -> i.callbackType != null)
                .filter(i -> System.nanoTime() - i.dispatchedNanos
                        < Duration.ofMinutes(15).toNanos());
    }

    private RestAnswer followUp(Request r) {
        Optional<DiscordState.Interaction> interaction = followUpInteraction(r);
        if (interaction.isEmpty()) {
            return RestAnswer.error(404, 10015, "Unknown Webhook");
        }
        Optional<RestAnswer> invalid = validateMessageBody(r.body(), r.files());
        if (invalid.isPresent()) {
            return invalid.get();
        }
        DiscordState.Interaction i = interaction.get();
        long id = state.snowflakes.next();
        ObjectNode message = state.newMessageJson(id, i.channelId, state.botId, Json.text(r.body(), "content"), 0);
        copyMessageFields(r.body(), message);
        applyMentions(message, r.body(), null);
        message.put("flags", Json.intValue(r.body(), "flags", 0) & (DiscordState.FLAG_EPHEMERAL | (1 << 2)));
        message.put("webhook_id", Json.id(state.applicationId));
        message.put("application_id", Json.id(state.applicationId));
        addAttachments(message, i.channelId, r.body(), r.files());
        storeInteractionMessage(message);
        return "true".equals(r.query().get("wait")) ? RestAnswer.ok(message) : RestAnswer.noContent();
    }

    private long webhookMessageId(DiscordState.Interaction interaction, Request r) {
        String id = r.param("message_id");
        return "@original".equals(id) ? interaction.originalMessageId : Long.parseUnsignedLong(id);
    }

    private RestAnswer getWebhookMessage(Request r) {
        Optional<DiscordState.Interaction> interaction = followUpInteraction(r);
        if (interaction.isEmpty()) {
            return RestAnswer.error(404, 10015, "Unknown Webhook");
        }
        long id = webhookMessageId(interaction.get(), r);
        ObjectNode eph = ephemeral.get(id);
        if (eph != null) {
            return RestAnswer.ok(eph.deepCopy());
        }
        return state.message(interaction.get().channelId, id)
                .map(RestAnswer::ok)
                .orElseGet(FakeDiscordRest::unknownMessage);
    }

    private RestAnswer editWebhookMessage(Request r) {
        Optional<DiscordState.Interaction> interaction = followUpInteraction(r);
        if (interaction.isEmpty()) {
            return RestAnswer.error(404, 10015, "Unknown Webhook");
        }
        Optional<RestAnswer> overLimit = limits(r.body());
        if (overLimit.isPresent()) {
            return overLimit.get();
        }
        long channelId = interaction.get().channelId;
        long id = webhookMessageId(interaction.get(), r);
        ObjectNode eph = ephemeral.get(id);
        if (eph != null) {
            for (String field : List.of("content", "embeds", "components")) {
                if (r.body().has(field)) {
                    eph.set(field, r.body().get(field).deepCopy());
                }
            }
            DiscordState.markRichEmbeds(eph);
            eph.put("flags", Json.intValue(eph, "flags", 0) & ~FLAG_LOADING);
            eph.put("edited_timestamp", Json.timestamp(state.clock.instant()));
            return RestAnswer.ok(eph.deepCopy());
        }
        Optional<ObjectNode> current = state.message(channelId, id);
        if (current.isEmpty()) {
            return unknownMessage();
        }
        ObjectNode edit = r.body().isObject() ? ((ObjectNode) r.body()).deepCopy() : Json.object();
        edit.put("flags", Json.intValue(current.get(), "flags", 0) & ~FLAG_LOADING);
        ObjectNode edited = state.editMessage(channelId, id, edit).orElseThrow();
        fake.echo(Dispatch.raw("MESSAGE_UPDATE", state.toGatewayMessage(edited), state.guildOf(channelId)));
        return RestAnswer.ok(edited);
    }

    private RestAnswer deleteWebhookMessage(Request r) {
        Optional<DiscordState.Interaction> interaction = followUpInteraction(r);
        if (interaction.isEmpty()) {
            return RestAnswer.error(404, 10015, "Unknown Webhook");
        }
        long channelId = interaction.get().channelId;
        long id = webhookMessageId(interaction.get(), r);
        if (ephemeral.remove(id) != null) {
            return RestAnswer.noContent();
        }
        if (!state.deleteMessage(channelId, id)) {
            return unknownMessage();
        }
        fake.echo(fake.events().messageDelete(channelId, id));
        return RestAnswer.noContent();
    }

    // ---------------------------------------------------------------------------------------------
    // Errors and parsing

    private static RestAnswer unknownChannel() {
        return RestAnswer.error(404, 10003, "Unknown Channel");
    }

    private static RestAnswer unknownMessage() {
        return RestAnswer.error(404, 10008, "Unknown Message");
    }

    private static RestAnswer invalidForm(String detail) {
        ObjectNode body = Json.object();
        body.put("message", "Invalid Form Body");
        body.put("code", 50035);
        body.putObject("errors").put("detail", detail);
        return RestAnswer.json(400, body);
    }

    private static int parseInt(String value, int fallback) {
        try {
            return value == null ? fallback : Integer.parseInt(value);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static Long parseLong(String value) {
        try {
            return value == null || value.isEmpty() ? null : Long.parseUnsignedLong(value);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
