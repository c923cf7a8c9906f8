package org.staffroom.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.staffroom.slack.SlackTrust.*;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.io.ClassPathResource;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.staffroom.chat.ChannelRef;
import org.staffroom.chat.ChatEvent;
import org.staffroom.chat.Connectors;
import org.staffroom.chat.Destination;
import org.staffroom.chat.Message;
import org.staffroom.chat.spi.ConnectorStatus;
import org.staffroom.config.Platform;
import org.staffroom.testing.StaffroomEndToEnd;
import org.staffroom.testing.StaffroomTest;
import org.staffroom.testing.slack.FakeSlack;
import org.staffroom.testing.slack.RecordedCall;
import org.staffroom.testing.slack.SlackHttpModeClient;

/**
 * The Slack adapter end to end in HTTP mode, installed by OAuth (client id and secret, no bot
 * token): Slack's signed requests to {@code POST /slack/events} reach the real Bolt app inside
 * the application; forged, stale, future, altered and replayed requests are refused with 401
 * before anything is handled. Also checks the checked-in app manifest against the generated one.
 */
@StaffroomTest
@Import({SlackHttpModeTest.Wiring.class, SlackTrust.Recorder.class})
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class SlackHttpModeTest extends StaffroomEndToEnd {

    static final String SECRET = "8f14e45fceea167a5a36dedd4bea2543";
    static final String CLIENT_ID = "1234567890.0987654321";
    static final String CLIENT_SECRET = "c0ffee-client-secret";
    static final FakeSlack SLACK =
            SlackTrust.fake().oauthClient(CLIENT_ID, CLIENT_SECRET).start();
    static final String SECRET_KEY = TokenCipherTest.newKey();

    static {
        org.staffroom.testing.Secrets.register(SECRET, CLIENT_SECRET, SECRET_KEY);
    }

    @DynamicPropertySource
    static void slack(DynamicPropertyRegistry r) {
        SlackTrust.httpModeWithOAuth(r, SLACK, SECRET, CLIENT_ID, CLIENT_SECRET, SECRET_KEY);
    }

    @TestConfiguration
    static class Wiring {
        @Bean(destroyMethod = "close")
        FakeSlack fakeSlack() {
            return SLACK;
        }
    }

    @Autowired
    SlackTrust.Recorder recorder;

    @Autowired
    Connectors connectors;

    @Autowired
    SlackManifest manifest;

    SlackHttpModeClient slack;
    static final SlackTrust.LogScan LOGS = new SlackTrust.LogScan();

    /** No token, secret or response URL was logged by anything, the SDK included. */
    @AfterAll
    static void nothingSecretWasLogged() {
        assertThat(LOGS.leaks(SLACK.botToken(), SECRET, CLIENT_SECRET, SECRET_KEY, "/respond/"))
                .isEmpty();
    }
    /** Keeps the install cookie, as the browser that starts an install does. */
    final HttpClient browser = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .cookieHandler(new java.net.CookieManager())
            .build();

    @BeforeEach
    void installed() throws Exception {
        LOGS.attach();
        slack = new SlackHttpModeClient(URI.create(base() + "/slack/events"), SECRET, clock);
        if (installs() == 0) {
            String state = stateFrom(get("/slack/install"));
            HttpResponse<String> done =
                    get("/slack/oauth_redirect?code=" + SLACK.issueOAuthCode("U0KATEBR01") + "&state=" + state);
            assertThat(done.statusCode()).as(done.body()).isEqualTo(200);
        }
    }

    private String base() {
        return "http://localhost:" + port;
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return browser.send(
                HttpRequest.newBuilder(URI.create(base() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private long installs() {
        return jdbc.sql("select count(*) from slack_installation")
                .query(Long.class)
                .single();
    }

    private long recorded() {
        return jdbc.sql("select count(*) from inbound_event where platform = 'SLACK'")
                .query(Long.class)
                .single();
    }

    private static String stateFrom(HttpResponse<String> redirect) {
        assertThat(redirect.statusCode()).isEqualTo(302);
        return query(redirect.headers().firstValue("Location").orElseThrow()).get("state");
    }

    private static Map<String, String> query(String url) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : URI.create(url).getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            out.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }

    private static String ts(JsonObject event) {
        return event.get("ts").getAsString();
    }

    // ------------------------------------------------------------------ install

    @Test
    void installingByOAuthStoresTheWorkspaceOnlyForAFreshState() throws Exception {
        HttpResponse<String> start = get("/slack/install");
        assertThat(start.statusCode()).isEqualTo(302);
        String location = start.headers().firstValue("Location").orElseThrow();
        assertThat(location).startsWith(SLACK.baseUrl() + "/oauth/v2/authorize?");
        Map<String, String> q = query(location);
        assertThat(q.get("client_id")).isEqualTo(CLIENT_ID);
        assertThat(q.get("scope")).contains("chat:write", "commands", "reactions:read", "usergroups:read");
        assertThat(q.get("redirect_uri")).isEqualTo("http://localhost:" + port + "/slack/oauth_redirect");
        String state = q.get("state");

        HttpResponse<String> forged =
                get("/slack/oauth_redirect?code=" + SLACK.issueOAuthCode("U0KATEBR01") + "&state=forged");
        assertThat(forged.statusCode()).isEqualTo(400);
        assertThat(forged.body()).contains("This installation link has expired or was already used");

        HttpResponse<String> cancelled = get("/slack/oauth_redirect?error=access_denied&state=" + state);
        assertThat(cancelled.statusCode()).isEqualTo(400);

        HttpResponse<String> done =
                get("/slack/oauth_redirect?code=" + SLACK.issueOAuthCode("U0KATEBR01") + "&state=" + state);
        assertThat(done.statusCode()).isEqualTo(200);
        assertThat(done.body()).contains("Staffroom is now installed in Northwold Learning Trust.");
        assertThat(jdbc.sql("select bot_user_id from slack_installation where team_id = ?")
                        .param(TEAM)
                        .query(String.class)
                        .single())
                .isEqualTo(SLACK.botUserId());
        assertThat(jdbc.sql("select bot_token from slack_installation where team_id = ?")
                        .param(TEAM)
                        .query(String.class)
                        .single())
                .as("stored sealed")
                .startsWith("v1:")
                .doesNotContain(SLACK.botToken());
        RecordedCall exchange = SLACK.calls("oauth.v2.access").get(SLACK.callCount("oauth.v2.access") - 1);
        assertThat(exchange.ok()).isTrue();
        assertThat(exchange.tokenKind()).isEqualTo("client");

        HttpResponse<String> again =
                get("/slack/oauth_redirect?code=" + SLACK.issueOAuthCode("U0KATEBR01") + "&state=" + state);
        assertThat(again.statusCode()).isEqualTo(400);
        assertThat(installs()).isEqualTo(1);
    }

    // ------------------------------------------------------------------ inbound

    @Test
    void staffroomHelpIsAnsweredInTheHttpResponse() {
        SlackHttpModeClient.Result r = slack.slashCommand(
                        SLACK.payloads().slashCommand("/staffroom", "help", BEN, OAKFIELD_STAFFROOM))
                .send();

        assertThat(r.status()).isEqualTo(200);
        JsonObject body = JsonParser.parseString(r.body()).getAsJsonObject();
        assertThat(body.get("response_type").getAsString()).isEqualTo("ephemeral");
        assertThat(body.get("text").getAsString())
                .startsWith("Commands you can use, Ben Hughes:")
                .contains("/staffroom help");
        assertThat(connectors.statuses().get(Platform.SLACK).state()).isEqualTo(ConnectorStatus.State.UP);
    }

    @Test
    void signedEventsReachTheCoreWithAccentsIntact() {
        JsonObject event = SLACK.payloads().message(OAKFIELD_STAFFROOM, BEN, "Café de profesores ☕ — ¡mañana!");
        SlackHttpModeClient.Result r =
                slack.event(SLACK.payloads().eventCallback(event)).send();

        assertThat(r.status()).isEqualTo(200);
        SlackTrust.Seen seen =
                recorder.await(ChatEvent.MessagePosted.class, m -> at(m.message(), OAKFIELD_STAFFROOM, ts(event)));
        assertThat(((ChatEvent.MessagePosted) seen.event()).text()).isEqualTo("Café de profesores ☕ — ¡mañana!");
        assertThat(seen.person()).isEqualTo("ben-hughes");
        assertThat(seen.school()).isEqualTo("oakfield");
    }

    @Test
    void slacksUrlVerificationIsAnswered() {
        JsonObject challenge = new JsonObject();
        challenge.addProperty("token", "x");
        challenge.addProperty("challenge", "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P");
        challenge.addProperty("type", "url_verification");

        SlackHttpModeClient.Result r = slack.event(challenge).send();
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P");
    }

    @ParameterizedTest
    @EnumSource(
            value = SlackHttpModeClient.Signature.class,
            names = {"MISSING", "MISSING_TIMESTAMP", "WRONG", "STALE", "FUTURE", "BODY_ALTERED"})
    void forgedStaleFutureOrAlteredRequestsAreRefusedBeforeAnythingIsHandled(SlackHttpModeClient.Signature signature) {
        long before = recorded();
        JsonObject event = SLACK.payloads().message(OAKFIELD_STAFFROOM, BEN, "not from Slack " + signature);
        JsonObject command = SLACK.payloads().slashCommand("/staffroom", "help", BEN, OAKFIELD_STAFFROOM);
        JsonObject click = SLACK.payloads()
                .blockActions(BEN, "qotd.answer")
                .value("x")
                .onMessage(OAKFIELD_STAFFROOM, ts(event))
                .build();

        assertThat(slack.event(SLACK.payloads().eventCallback(event))
                        .signature(signature)
                        .send()
                        .status())
                .isEqualTo(401);
        assertThat(slack.slashCommand(command).signature(signature).send().status())
                .isEqualTo(401);
        assertThat(slack.interactive(click).signature(signature).send().status())
                .isEqualTo(401);

        assertThat(recorded()).isEqualTo(before);
        assertThat(recorder.events(
                        ChatEvent.MessagePosted.class, m -> m.message().id().equals(ts(event))))
                .isEmpty();
    }

    /**
     * S1 in one sweep, with its figure: every forged request (the six shapes above, plus a timestamp
     * that is not a number, another signature scheme, and a correct signature 5 min 10 s either side
     * of now) is refused with 401 as an event, a slash command and an interaction, and nothing
     * reaches a handler; a correct one just inside the window is accepted.
     */
    @Test
    void s1EveryForgedRequestIsRefusedBeforeAnyHandler() {
        long before = recorded();
        int refused = 0;
        int sent = 0;
        java.util.List<java.util.function.Function<SlackHttpModeClient, SlackHttpModeClient.Request>> kinds =
                java.util.List.of(
                        c -> c.event(SLACK.payloads()
                                .eventCallback(SLACK.payloads()
                                        .message(OAKFIELD_STAFFROOM, BEN, "forged " + UUID.randomUUID()))),
                        c -> c.slashCommand(
                                SLACK.payloads().slashCommand("/staffroom", "help", BEN, OAKFIELD_STAFFROOM)),
                        c -> c.interactive(SLACK.payloads()
                                .blockActions(BEN, "qotd.answer")
                                .value("x")
                                .onMessage(OAKFIELD_STAFFROOM, "1.000100")
                                .build()));
        java.time.Instant now = clock.instant();
        SlackHttpModeClient old = new SlackHttpModeClient(
                URI.create(base() + "/slack/events"),
                SECRET,
                java.time.Clock.fixed(now.minusSeconds(310), java.time.ZoneOffset.UTC));
        SlackHttpModeClient ahead = new SlackHttpModeClient(
                URI.create(base() + "/slack/events"),
                SECRET,
                java.time.Clock.fixed(now.plusSeconds(310), java.time.ZoneOffset.UTC));
        for (var kind : kinds) {
            java.util.List<SlackHttpModeClient.Request> forged = new java.util.ArrayList<>();
            for (SlackHttpModeClient.Signature sig : SlackHttpModeClient.Signature.values()) {
                if (sig != SlackHttpModeClient.Signature.VALID)
                    forged.add(kind.apply(slack).signature(sig));
            }
            forged.add(kind.apply(slack)
                    .signature(SlackHttpModeClient.Signature.MISSING_TIMESTAMP)
                    .header("X-Slack-Request-Timestamp", "soon"));
            SlackHttpModeClient.Request otherScheme =
                    kind.apply(slack).signature(SlackHttpModeClient.Signature.MISSING);
            forged.add(otherScheme.header(
                    "X-Slack-Signature",
                    "v1="
                            + SlackHttpModeClient.sign(SECRET, String.valueOf(now.getEpochSecond()), otherScheme.body())
                                    .substring(3)));
            forged.add(kind.apply(old));
            forged.add(kind.apply(ahead));
            for (SlackHttpModeClient.Request r : forged) {
                sent++;
                if (r.send().status() == 401) refused++;
            }
        }
        long reached = recorded() - before;
        SlackHttpModeClient.Result inside = new SlackHttpModeClient(
                        URI.create(base() + "/slack/events"),
                        SECRET,
                        java.time.Clock.fixed(now.minusSeconds(290), java.time.ZoneOffset.UTC))
                .event(SLACK.payloads()
                        .eventCallback(SLACK.payloads().message(OAKFIELD_STAFFROOM, BEN, "genuine, 4 min 50 s old")))
                .send();

        org.staffroom.reliability.Figures.report(
                "S1",
                "forged_requests",
                sent,
                "refused_401",
                refused,
                "rejected",
                (100 * refused / sent) + "%",
                "reached_handlers",
                reached,
                "genuine_inside_window",
                inside.status());
        assertThat(refused).isEqualTo(sent);
        assertThat(reached).isZero();
        assertThat(inside.status()).isEqualTo(200);
    }

    /** R4 in HTTP mode: an event of a kind no listener handles is answered 200, so Slack does not retry it. */
    @Test
    void anEventWithoutAHandlerIsAnswered200() {
        JsonObject join = SLACK.payloads().message(OAKFIELD_STAFFROOM, BEN, "<@" + BEN + "> has joined the channel");
        join.addProperty("subtype", "channel_join");
        JsonObject rename = new JsonObject();
        rename.addProperty("type", "channel_rename");
        rename.addProperty("event_ts", "1764057600.000100");
        assertThat(slack.event(SLACK.payloads().eventCallback(join)).send().status())
                .isEqualTo(200);
        assertThat(slack.event(SLACK.payloads().eventCallback(rename)).send().status())
                .isEqualTo(200);
    }

    @Test
    void aReplayedRequestIsRefused() {
        JsonObject event = SLACK.payloads().message(OAKFIELD_STAFFROOM, CHLOE, "Visiting Oakfield on Friday");
        SlackHttpModeClient.Request request = slack.event(SLACK.payloads().eventCallback(event));
        assertThat(request.send().status()).isEqualTo(200);
        recorder.await(ChatEvent.MessagePosted.class, m -> at(m.message(), OAKFIELD_STAFFROOM, ts(event)));
        long before = recorded();

        // The very same request (same timestamp, same signature) captured and sent again a minute later.
        clock.advance(Duration.ofMinutes(1));
        SlackHttpModeClient replay = new SlackHttpModeClient(
                URI.create(base() + "/slack/events"),
                SECRET,
                java.time.Clock.fixed(clock.instant().minus(Duration.ofMinutes(1)), java.time.ZoneOffset.UTC));
        assertThat(replay.raw("application/json", request.body()).send().status())
                .isEqualTo(401);
        assertThat(recorded()).isEqualTo(before);
    }

    @Test
    void slacksRetryOfAnEventIsAcknowledgedAndChangesNothing() {
        JsonObject callback =
                SLACK.payloads().eventCallback(SLACK.payloads().message(OAKFIELD_STAFFROOM, BEN, "Retry me"));
        String ts = callback.getAsJsonObject("event").get("ts").getAsString();
        assertThat(slack.event(callback).send().status()).isEqualTo(200);
        recorder.await(ChatEvent.MessagePosted.class, m -> at(m.message(), OAKFIELD_STAFFROOM, ts));

        for (int retry = 1; retry <= 3; retry++) {
            clock.advance(Duration.ofSeconds(1)); // Slack signs each retry afresh
            assertThat(slack.event(callback).retry(retry, "http_timeout").send().status())
                    .isEqualTo(200);
        }
        JsonObject marker = SLACK.payloads().message(OAKFIELD_STAFFROOM, BEN, "after the retries");
        clock.advance(Duration.ofSeconds(1));
        slack.event(SLACK.payloads().eventCallback(marker)).send();
        recorder.await(ChatEvent.MessagePosted.class, m -> at(m.message(), OAKFIELD_STAFFROOM, ts(marker)));
        assertThat(recorder.events(ChatEvent.MessagePosted.class, m -> at(m.message(), OAKFIELD_STAFFROOM, ts)))
                .hasSize(1);
    }

    @Test
    void anEventFromAWorkspaceWithoutStaffroomIsAcknowledgedAndIgnored() {
        JsonObject callback =
                SLACK.payloads().eventCallback(SLACK.payloads().message(OAKFIELD_STAFFROOM, BEN, "elsewhere"));
        callback.addProperty("team_id", "T0ELSEWHERE");
        callback.getAsJsonArray("authorizations").get(0).getAsJsonObject().addProperty("team_id", "T0ELSEWHERE");
        long before = recorded();

        assertThat(slack.event(callback).send().status()).isEqualTo(200);
        assertThat(recorded()).isEqualTo(before);
    }

    // ------------------------------------------------------------------ outbound

    @Test
    void postsGoOutWithTheInstalledWorkspacesToken() {
        String key = "test:" + UUID.randomUUID();
        chat.post(
                Destination.channel(new ChannelRef(Platform.SLACK, TEAM, OAKFIELD_REVIEW)),
                Message.of("Draft 12 to review"),
                key);
        assertThat(chat.awaitDelivered(WAIT)).isTrue();

        assertThat(chat.delivery(key).orElseThrow().sent()).isTrue();
        RecordedCall post =
                SLACK.awaitCall("chat.postMessage", c -> "Draft 12 to review".equals(c.param("text")), WAIT);
        assertThat(post.tokenKind()).isEqualTo("bot");
        assertThat(post.ok()).isTrue();
    }

    // ------------------------------------------------------------------ manifest

    /**
     * The checked-in manifest is the one the code generates. After adding a command or shortcut,
     * regenerate it with {@code mvn test -Dtest=SlackHttpModeTest -Dstaffroom.slack.write-manifest=true}.
     */
    @Test
    void theCheckedInManifestIsTheGeneratedOne() throws Exception {
        String generated = manifest.yaml(false);
        Path file = Path.of("src/main/resources/slack/manifest.yml");
        if (Boolean.getBoolean("staffroom.slack.write-manifest")) {
            Files.writeString(file, generated, StandardCharsets.UTF_8);
        }
        String checkedIn = Files.readString(file, StandardCharsets.UTF_8);
        assertThat(new String(
                        new ClassPathResource("slack/manifest.yml")
                                .getInputStream()
                                .readAllBytes(),
                        StandardCharsets.UTF_8))
                .as("the packaged copy")
                .isNotBlank();
        assertThat(checkedIn)
                .as("src/main/resources/slack/manifest.yml is out of date: regenerate it with "
                        + "mvn test -Dtest=SlackHttpModeTest -Dstaffroom.slack.write-manifest=true")
                .isEqualTo(generated);
        assertThat(generated)
                .contains(
                        "command: /staffroom",
                        "socket_mode_enabled: true",
                        "- message.channels",
                        "- app_home_opened",
                        "is_enabled: true");
    }

    @Test
    void theServedManifestInHttpModePointsSlackAtThisServer() throws Exception {
        HttpResponse<String> r = get("/slack/manifest.yml");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body())
                .startsWith("# Slack app manifest for Staffroom")
                .contains(
                        "url: http://localhost:" + port + "/slack/events",
                        "request_url: http://localhost:" + port + "/slack/events",
                        "- http://localhost:" + port + "/slack/oauth_redirect",
                        "socket_mode_enabled: false");
        assertThat(get("/slack/manifest.yml?mode=socket").body())
                .doesNotContain("request_url")
                .contains("socket_mode_enabled: true");
        await().atMost(WAIT).until(() -> installs() == 1);
    }
}
