package org.staffroom.testing.slack;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.slack.api.Slack;
import com.slack.api.app_backend.SlackSignature;
import com.slack.api.bolt.App;
import com.slack.api.bolt.AppConfig;
import com.slack.api.bolt.request.Request;
import com.slack.api.bolt.request.RequestHeaders;
import com.slack.api.bolt.response.Response;
import com.slack.api.bolt.util.SlackRequestParser;
import com.slack.api.model.event.MessageEvent;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Proves {@link SlackHttpModeClient}: its signatures verify with the SDK's own {@link SlackSignature.Verifier},
 * and a real Bolt {@link App} behind a loopback HTTP endpoint (wired the way the bot's controller will be:
 * raw body and headers into {@link SlackRequestParser}, then {@code app.run}) accepts what is signed right
 * and refuses the rest with 401 before any listener runs.
 */
class FakeSlackHttpModeTest {

    private static final String SECRET = "0f1e2d3c4b5a69788796a5b4c3d2e1f0";
    private static final String CHANNEL = "C0STAFF01";
    private static final String ALICE = "U0ALICE01";

    private FakeSlack slack;
    private Slack sdk;
    private App app;
    private HttpServer endpoint;
    private SlackHttpModeClient http;
    private final List<String> handled = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        slack = FakeSlack.builder()
                .user(FakeUser.of(ALICE, "alice", "Alice Adams"))
                .start();
        sdk = Slack.getInstance(slack.slackConfig());
        app = new App(AppConfig.builder()
                .slack(sdk)
                .singleTeamBotToken(slack.botToken())
                .signingSecret(SECRET)
                .build());
        app.event(MessageEvent.class, (req, ctx) -> {
            handled.add(
                    "event:" + req.getEvent().getText() + ":retry=" + ctx.getRetryNum() + "/" + ctx.getRetryReason());
            return ctx.ack();
        });
        app.command("/kudos", (req, ctx) -> {
            handled.add("command:" + req.getPayload().getText());
            return ctx.ack("Kudos recorded");
        });
        app.blockAction("approve", (req, ctx) -> {
            handled.add("action:" + req.getPayload().getActions().get(0).getValue());
            return ctx.ack();
        });
        app.start();

        SlackRequestParser parser = new SlackRequestParser(app.config());
        endpoint = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        endpoint.createContext("/slack/events", ex -> serve(ex, parser));
        endpoint.start();
        http = new SlackHttpModeClient(
                URI.create("http://127.0.0.1:" + endpoint.getAddress().getPort() + "/slack/events"), SECRET);
    }

    /** What the bot's HTTP controller does: the raw body (never re-encoded form params) into Bolt. */
    private void serve(HttpExchange ex, SlackRequestParser parser) throws IOException {
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Map<String, List<String>> headers = new HashMap<>(ex.getRequestHeaders());
        Request<?> req = parser.parse(SlackRequestParser.HttpRequest.builder()
                .requestUri(ex.getRequestURI().getPath())
                .queryString(Map.of())
                .headers(new RequestHeaders(headers))
                .requestBody(body)
                .remoteAddress(ex.getRemoteAddress().getAddress().getHostAddress())
                .build());
        Response resp;
        try {
            resp = app.run(req);
        } catch (Exception e) {
            resp = Response.builder().statusCode(500).body("").build();
        }
        byte[] out = resp.getBody() == null ? new byte[0] : resp.getBody().getBytes(StandardCharsets.UTF_8);
        if (resp.getContentType() != null) {
            ex.getResponseHeaders().set("Content-Type", resp.getContentType());
        }
        ex.sendResponseHeaders(resp.getStatusCode(), out.length == 0 ? -1 : out.length);
        if (out.length > 0) {
            try (OutputStream os = ex.getResponseBody()) {
                os.write(out);
            }
        }
        ex.close();
    }

    @AfterEach
    void stop() throws Exception {
        endpoint.stop(0);
        app.stop();
        sdk.close();
        slack.close();
    }

    @Test
    void signatureVerifiesWithTheSdkVerifier() {
        String timestamp = "1732531200";
        String body =
                SlackHttpModeClient.formEncode(slack.payloads().slashCommand("/kudos", "well done", ALICE, CHANNEL));
        String signature = SlackHttpModeClient.sign(SECRET, timestamp, body);
        SlackSignature.Verifier verifier = new SlackSignature.Verifier(new SlackSignature.Generator(SECRET));
        long justAfter = 1732531200_000L + 1_000L;

        assertThat(signature).matches("v0=[0-9a-f]{64}");
        assertThat(signature).isEqualTo(new SlackSignature.Generator(SECRET).generate(timestamp, body));
        assertThat(verifier.isValid(timestamp, body, signature, justAfter)).isTrue();
        assertThat(verifier.isValid(timestamp, SlackHttpModeClient.alterOneByte(body), signature, justAfter))
                .isFalse();
        assertThat(verifier.isValid(timestamp, body, SlackHttpModeClient.sign("other", timestamp, body), justAfter))
                .isFalse();
        assertThat(verifier.isValid(timestamp, body, signature, justAfter + 6 * 60_000L))
                .isFalse();
    }

    @Test
    void correctlySignedRequestsReachBoltInEachOfSlacksBodyFormats() {
        JsonObject event = slack.payloads().eventCallback(slack.payloads().message(CHANNEL, ALICE, "Cafe day #kudos"));
        SlackHttpModeClient.Result eventResult = http.event(event).send();
        assertThat(eventResult.status()).isEqualTo(200);

        SlackHttpModeClient.Result commandResult = http.slashCommand(
                        slack.payloads().slashCommand("/kudos", "great assembly & more", ALICE, CHANNEL))
                .send();
        assertThat(commandResult.status()).isEqualTo(200);
        assertThat(Json.parseObject(commandResult.body())).isEqualTo(Json.obj("text", "Kudos recorded"));

        String ts = slack.addUserMessage(CHANNEL, ALICE, "draft card").ts();
        SlackHttpModeClient.Result actionResult = http.interactive(slack.payloads()
                        .blockActions(ALICE, "approve")
                        .value("draft-9")
                        .onMessage(CHANNEL, ts)
                        .build())
                .send();
        assertThat(actionResult.status()).isEqualTo(200);

        SlackHttpModeClient.Result retried =
                http.event(event).retry(2, "http_timeout").send();
        assertThat(retried.status()).isEqualTo(200);

        assertThat(handled)
                .containsExactly(
                        "event:Cafe day #kudos:retry=null/null",
                        "command:great assembly & more",
                        "action:draft-9",
                        "event:Cafe day #kudos:retry=2/http_timeout");
    }

    @ParameterizedTest
    @EnumSource(
            value = SlackHttpModeClient.Signature.class,
            names = {"MISSING", "MISSING_TIMESTAMP", "WRONG", "STALE", "BODY_ALTERED"})
    void badlySignedRequestsAreRefusedBeforeAnyListener(SlackHttpModeClient.Signature signature) {
        JsonObject event = slack.payloads().eventCallback(slack.payloads().message(CHANNEL, ALICE, "hello"));
        JsonObject command = slack.payloads().slashCommand("/kudos", "x", ALICE, CHANNEL);

        assertThat(http.event(event).signature(signature).send().status()).isEqualTo(401);
        assertThat(http.slashCommand(command).signature(signature).send().status())
                .isEqualTo(401);
        assertThat(handled).isEmpty();
    }

    /**
     * The SDK's signature generator hashes {@code String.getBytes()} in the platform charset. Java 17 takes
     * that from the locale: US-ASCII under {@code LANG=C}, where every body with an accent or emoji fails
     * verification. Slack signs UTF-8 bytes, so the bot must run with {@code -Dfile.encoding=UTF-8} or
     * verify signatures itself. This test states both outcomes so it holds in any environment.
     */
    @Test
    void nonAsciiBodiesVerifyOnlyWhenTheDefaultCharsetIsUtf8() {
        JsonObject event = slack.payloads().eventCallback(slack.payloads().message(CHANNEL, ALICE, "Café day ☕"));
        boolean utf8 = Charset.defaultCharset().equals(StandardCharsets.UTF_8);

        assertThat(http.event(event).send().status()).isEqualTo(utf8 ? 200 : 401);
        assertThat(handled).hasSize(utf8 ? 1 : 0);
    }

    /** The SDK checks only that a timestamp is not too old, so the bot must add the future bound itself. */
    @Test
    void theSdkAcceptsATimestampTenMinutesInTheFuture() {
        JsonObject event = slack.payloads().eventCallback(slack.payloads().message(CHANNEL, ALICE, "from the future"));

        assertThat(http.event(event)
                        .signature(SlackHttpModeClient.Signature.FUTURE)
                        .send()
                        .status())
                .isEqualTo(200);
        assertThat(handled).containsExactly("event:from the future:retry=null/null");
    }
}
