package org.staffroom.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.staffroom.slack.SlackTrust.*;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.staffroom.StaffroomApplication;
import org.staffroom.chat.ChannelRef;
import org.staffroom.chat.ChatEvent;
import org.staffroom.chat.Destination;
import org.staffroom.chat.Message;
import org.staffroom.config.Platform;
import org.staffroom.testing.Secrets;
import org.staffroom.testing.StaffroomEndToEnd;
import org.staffroom.testing.StaffroomTest;
import org.staffroom.testing.slack.FakeSlack;
import org.staffroom.testing.slack.RecordedCall;
import org.staffroom.testing.slack.SlackHttpModeClient;

/**
 * Slack installs are for the trust's own workspaces, in HTTP mode with OAuth, against the loopback
 * fake Slack. The database is made before the application starts, holding two installs from before
 * tokens were encrypted (the trust's workspace, and a stranger's that the old code let in), so the
 * start-up sealing of plain-text rows is seen as it happens on a real upgrade. Then: an install in
 * a workspace that is not in schools.yml is refused, audited and leaves nothing stored; the install
 * is bound to the browser that started it; expired states are purged on the tick; and signed
 * events, commands and interactions from a team that is not the trust's are acknowledged and go
 * no further, a stranger's {@code /staffroom login} included.
 */
@StaffroomTest
@Import({SlackInstallSecurityTest.Wiring.class, SlackTrust.Recorder.class})
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class SlackInstallSecurityTest extends StaffroomEndToEnd {

    static final String SECRET = "5d41402abc4b2a76b9719d911017c592";
    static final String CLIENT_ID = "1234567890.1122334455";
    static final String CLIENT_SECRET = "c0ffee-client-secret-install";
    static final String SECRET_KEY = TokenCipherTest.newKey();
    static final FakeSlack SLACK =
            SlackTrust.fake().oauthClient(CLIENT_ID, CLIENT_SECRET).start();
    /** A workspace that is not in bot-config's schools.yml, installed by OAuth before installs were checked. */
    static final String FOREIGN = "T0FOREIGN1";

    static final String FOREIGN_TOKEN = "xoxb-9999999999-foreign-plain-token-from-before";
    static final String DB = "jdbc:h2:mem:slack-install-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";

    static {
        Secrets.register(SECRET, CLIENT_SECRET, SECRET_KEY, FOREIGN_TOKEN);
        // The database as an earlier version left it: migrated, with tokens in plain text.
        Flyway.configure()
                .dataSource(DB, "sa", "")
                .locations("classpath:db/migration")
                .load()
                .migrate();
        JdbcClient jdbc =
                JdbcClient.create(new org.springframework.jdbc.datasource.DriverManagerDataSource(DB, "sa", ""));
        String insert = """
                insert into slack_installation (team_id, team_name, app_id, bot_user_id, bot_token, bot_scopes, installed_at)
                values (?, ?, 'A0STAFFRM', ?, ?, 'chat:write', ?)""";
        jdbc.sql(insert)
                .params(TEAM, "Northwold Learning Trust", SLACK.botUserId(), SLACK.botToken(), OffsetDateTime.now())
                .update();
        jdbc.sql(insert)
                .params(FOREIGN, "Someone else’s Slack", "U0FOREIGNB", FOREIGN_TOKEN, OffsetDateTime.now())
                .update();
    }

    @DynamicPropertySource
    static void slack(DynamicPropertyRegistry r) {
        r.add("spring.datasource.url", () -> DB);
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
    SlackInstallationStore installations;

    @Autowired
    SlackOAuth oauth;

    @Autowired
    SlackWorkspaces workspaces;

    SlackHttpModeClient slack;
    static final SlackTrust.LogScan LOGS = new SlackTrust.LogScan();

    @BeforeEach
    void setUp() {
        LOGS.attach();
        slack = new SlackHttpModeClient(URI.create(base() + "/slack/events"), SECRET, clock);
    }

    /** No token, secret or key was logged by anything, the SDK included. */
    @AfterAll
    static void nothingSecretWasLogged() {
        assertThat(LOGS.leaks(SLACK.botToken(), FOREIGN_TOKEN, SECRET, CLIENT_SECRET, SECRET_KEY, "/respond/"))
                .isEmpty();
    }

    private String base() {
        return "http://localhost:" + port;
    }

    /** A browser of its own: it keeps its own cookies. */
    private static HttpClient browser() {
        return HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .cookieHandler(new CookieManager())
                .build();
    }

    private HttpResponse<String> get(HttpClient browser, String path) throws IOException, InterruptedException {
        return browser.send(
                HttpRequest.newBuilder(URI.create(base() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private String startInstall(HttpClient browser) throws IOException, InterruptedException {
        HttpResponse<String> start = get(browser, "/slack/install");
        assertThat(start.statusCode()).isEqualTo(302);
        return query(start.headers().firstValue("Location").orElseThrow()).get("state");
    }

    private static Map<String, String> query(String url) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : URI.create(url).getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            out.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }

    private long count(String sql, Object... params) {
        return jdbc.sql(sql).params(params).query(Long.class).single();
    }

    private long recorded() {
        return count("select count(*) from inbound_event where platform = 'SLACK'");
    }

    private String storedToken(String team) {
        return jdbc.sql("select bot_token from slack_installation where team_id = ?")
                .param(team)
                .query(String.class)
                .single();
    }

    // ------------------------------------------------------------------ secrets at rest

    @Test
    void plainTextTokensFromBeforeWereEncryptedAtStartAndStillWork() throws Exception {
        assertThat(storedToken(TEAM))
                .startsWith("v1:")
                .doesNotContain(SLACK.botToken())
                .doesNotContain("xoxb");
        assertThat(storedToken(FOREIGN))
                .startsWith("v1:")
                .doesNotContain(FOREIGN_TOKEN)
                .doesNotContain("xoxb");
        assertThat(installations.find(TEAM).orElseThrow().botToken()).isEqualTo(SLACK.botToken());
        assertThat(installations.find(FOREIGN).orElseThrow().botToken()).isEqualTo(FOREIGN_TOKEN);
        assertThat(installations.sealPlainRows())
                .as("nothing left in plain text")
                .isZero();
        // The stranger's leftover install does not count: for a call without a team, the trust's is the only one.
        assertThat(workspaces.only())
                .get()
                .extracting(SlackWorkspaces.SlackWorkspace::teamId)
                .isEqualTo(TEAM);
        // Another key does not open them: they are sealed under STAFFROOM_SECRET_KEY.
        assertThatThrownBy(
                        () -> TokenCipher.fromBase64(TokenCipherTest.newKey()).open(storedToken(TEAM), TEAM))
                .isInstanceOf(IllegalStateException.class);

        // The sealed token is the one Slack knows: a post goes out with it.
        String key = "test:" + UUID.randomUUID();
        chat.post(
                Destination.channel(new ChannelRef(Platform.SLACK, TEAM, OAKFIELD_REVIEW)),
                Message.of("Sealed and working"),
                key);
        assertThat(chat.awaitDelivered(WAIT)).isTrue();
        RecordedCall post =
                SLACK.awaitCall("chat.postMessage", c -> "Sealed and working".equals(c.param("text")), WAIT);
        assertThat(post.tokenKind()).isEqualTo("bot");
        assertThat(post.ok()).isTrue();
    }

    @Test
    void oauthWithoutASecretKeyDoesNotStart() {
        assertThatThrownBy(() -> new SpringApplicationBuilder(StaffroomApplication.class)
                        .run(
                                "--spring.datasource.url=jdbc:h2:mem:nokey-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
                                "--server.port=0",
                                "--staffroom.config-check-interval=0s",
                                "--staffroom.ticker.enabled=false",
                                "--spring.main.banner-mode=off",
                                "--staffroom.slack.mode=http",
                                "--staffroom.slack.signing-secret=" + SECRET,
                                "--staffroom.slack.client-id=" + CLIENT_ID,
                                "--staffroom.slack.client-secret=" + CLIENT_SECRET,
                                "--staffroom.slack.bot-token=",
                                "--staffroom.slack.app-token=",
                                "--staffroom.slack.api-url=" + SLACK.apiUrlPrefix(),
                                "--staffroom.secret-key="))
                .rootCause()
                .hasMessageContaining("SLACK_CLIENT_ID and SLACK_CLIENT_SECRET")
                .hasMessageContaining("STAFFROOM_SECRET_KEY is not set")
                .hasMessageContaining("openssl rand -base64 32");
    }

    // ------------------------------------------------------------------ installs

    @Test
    void anInstallInAWorkspaceThatIsNotTheTrustsIsRefusedAuditedAndLeavesNothingStored() throws Exception {
        HttpClient browser = browser();
        String state = startInstall(browser);
        long installs = count("select count(*) from slack_installation");
        int uninstalls = SLACK.callCount("apps.uninstall");

        String code = SLACK.issueOAuthCode("U0STRANGE1", "T0STRANGER", "Stranger & Co");
        HttpResponse<String> done = get(browser, "/slack/oauth_redirect?code=" + code + "&state=" + state);

        assertThat(done.statusCode()).isEqualTo(403);
        assertThat(done.body())
                .contains(
                        "Stranger &amp; Co is not one of Northwold Learning Trust",
                        "Slack workspaces, so Staffroom was not installed there and nothing was kept.");
        assertThat(count("select count(*) from slack_installation")).isEqualTo(installs);
        assertThat(count("select count(*) from slack_installation where team_id = 'T0STRANGER'"))
                .isZero();
        Map<String, Object> audit = jdbc.sql("""
                select team_id, team_name, installed_by, reason, at from slack_install_refusal where team_id = 'T0STRANGER'""").query().singleRow();
        assertThat(audit)
                .containsEntry("TEAM_ID", "T0STRANGER")
                .containsEntry("TEAM_NAME", "Stranger & Co")
                .containsEntry("INSTALLED_BY", "U0STRANGE1")
                .containsEntry("REASON", "not-in-schools-yml");
        assertThat(((OffsetDateTime) audit.get("AT")).toInstant()).isEqualTo(clock.instant());
        assertThat(LOGS.containing("Refused to install Staffroom in Slack workspace T0STRANGER"))
                .singleElement()
                .asString()
                .startsWith("WARN")
                .contains("Stranger & Co", "U0STRANGE1", "not a Slack space in schools.yml");
        // The app is taken out of the stranger's workspace again, with the app's own credentials.
        assertThat(SLACK.callCount("apps.uninstall")).isEqualTo(uninstalls + 1);
        RecordedCall uninstall = SLACK.calls("apps.uninstall").get(uninstalls);
        assertThat(uninstall.ok()).isTrue();
        assertThat(uninstall.param("client_id")).isEqualTo(CLIENT_ID);
        // The state is used up.
        assertThat(count("select count(*) from slack_oauth_state where state = ?", state))
                .isZero();
    }

    @Test
    void theInstallCookieIsHttpOnlyLaxForSlackPathsAndSecureOverHttps() throws Exception {
        HttpResponse<String> start = get(browser(), "/slack/install");
        String cookie = start.headers().firstValue(HttpHeaders.SET_COOKIE).orElseThrow();
        assertThat(cookie)
                .startsWith(SlackOAuth.COOKIE + "=")
                .contains("Path=/slack", "Max-Age=600", "HttpOnly", "SameSite=Lax")
                .doesNotContain("Secure");
        String nonce = cookie.substring(cookie.indexOf('=') + 1, cookie.indexOf(';'));
        String state =
                query(start.headers().firstValue("Location").orElseThrow()).get("state");
        // The database holds a hash of the nonce, never the nonce.
        String held = jdbc.sql("select browser_hash from slack_oauth_state where state = ?")
                .param(state)
                .query(String.class)
                .single();
        assertThat(held).isEqualTo(SlackOAuth.sha256(nonce)).isNotEqualTo(nonce);

        MockHttpServletRequest https = new MockHttpServletRequest("GET", "/slack/install");
        https.setSecure(true);
        assertThat(oauth.install(https).getHeaders().getFirst(HttpHeaders.SET_COOKIE))
                .contains("Secure", "HttpOnly", "SameSite=Lax");
    }

    @Test
    void aCallbackInAnotherBrowserIsRefusedAndTheStartingBrowserCanStillFinish() throws Exception {
        HttpClient admin = browser();
        String state = startInstall(admin);

        // Without the cookie (another browser, or cookies blocked).
        HttpResponse<String> noCookie =
                get(browser(), "/slack/oauth_redirect?code=" + SLACK.issueOAuthCode("U0KATEBR01") + "&state=" + state);
        assertThat(noCookie.statusCode()).isEqualTo(400);
        assertThat(noCookie.body()).contains("This installation was started in another browser");
        // With another browser's own install cookie: a planted callback.
        HttpClient other = browser();
        startInstall(other);
        HttpResponse<String> planted =
                get(other, "/slack/oauth_redirect?code=" + SLACK.issueOAuthCode("U0KATEBR01") + "&state=" + state);
        assertThat(planted.statusCode()).isEqualTo(400);
        assertThat(planted.body()).contains("This installation was started in another browser");
        int exchanges = SLACK.callCount("oauth.v2.access");

        HttpResponse<String> done =
                get(admin, "/slack/oauth_redirect?code=" + SLACK.issueOAuthCode("U0KATEBR01") + "&state=" + state);
        assertThat(done.statusCode()).as(done.body()).isEqualTo(200);
        assertThat(done.body()).contains("Staffroom is now installed in Northwold Learning Trust.");
        assertThat(SLACK.callCount("oauth.v2.access"))
                .as("refused callbacks never reached Slack")
                .isEqualTo(exchanges + 1);
        assertThat(done.headers().firstValue(HttpHeaders.SET_COOKIE).orElseThrow())
                .contains("Max-Age=0");
        assertThat(count("select count(*) from slack_oauth_state where state = ?", state))
                .as("used once")
                .isZero();
        assertThat(storedToken(TEAM)).startsWith("v1:");
        assertThat(installations.find(TEAM).orElseThrow().botToken()).isEqualTo(SLACK.botToken());

        HttpResponse<String> again =
                get(admin, "/slack/oauth_redirect?code=" + SLACK.issueOAuthCode("U0KATEBR01") + "&state=" + state);
        assertThat(again.statusCode()).isEqualTo(400);
    }

    @Test
    void anExpiredStateIsRefusedAndPurgedOnTheTick() throws Exception {
        HttpClient admin = browser();
        String stale = startInstall(admin);
        clock.advance(Duration.ofMinutes(10).plusSeconds(1));
        String fresh = startInstall(browser());

        HttpResponse<String> late =
                get(admin, "/slack/oauth_redirect?code=" + SLACK.issueOAuthCode("U0KATEBR01") + "&state=" + stale);
        assertThat(late.statusCode()).isEqualTo(400);
        assertThat(late.body()).contains("This installation link has expired or was already used");
        assertThat(count("select count(*) from slack_oauth_state where state = ?", stale))
                .isOne();

        ticker.tickNow();

        assertThat(count("select count(*) from slack_oauth_state where state = ?", stale))
                .isZero();
        assertThat(count("select count(*) from slack_oauth_state where state = ?", fresh))
                .isOne();
        assertThat(count(
                        "select count(*) from slack_oauth_state where created_at <= ?",
                        clock.instant().minus(SlackOAuth.STATE_LIFETIME).atOffset(java.time.ZoneOffset.UTC)))
                .isZero();
    }

    // ------------------------------------------------------------------ requests from other workspaces

    @Test
    void eventsCommandsAndInteractionsFromATeamThatIsNotTheTrustsAreAcknowledgedAndIgnored() {
        long before = recorded();
        long links = count("select count(*) from login_link");

        JsonObject message = SLACK.payloads().message(OAKFIELD_STAFFROOM, BEN, "from a stranger's workspace");
        JsonObject callback = SLACK.payloads().eventCallback(message);
        callback.addProperty("team_id", FOREIGN);
        callback.getAsJsonArray("authorizations").get(0).getAsJsonObject().addProperty("team_id", FOREIGN);
        JsonObject login = SLACK.payloads().slashCommand("/staffroom", "login", BEN, OAKFIELD_STAFFROOM);
        login.addProperty("team_id", FOREIGN);
        JsonObject help = SLACK.payloads().slashCommand("/staffroom", "help", BEN, OAKFIELD_STAFFROOM);
        help.addProperty("team_id", FOREIGN);
        JsonObject click = SLACK.payloads()
                .blockActions(BEN, "qotd.answer")
                .value("x")
                .onMessage(OAKFIELD_STAFFROOM, message.get("ts").getAsString())
                .build();
        click.getAsJsonObject("team").addProperty("id", FOREIGN);

        List<SlackHttpModeClient.Result> answers = List.of(
                slack.event(callback).send(),
                slack.slashCommand(login).send(),
                slack.slashCommand(help).send(),
                slack.interactive(click).send());

        assertThat(answers).allSatisfy(r -> {
            assertThat(r.status()).as("acknowledged, so Slack does not retry").isEqualTo(200);
            assertThat(r.body() == null ? "" : r.body()).as("nothing answered").isEmpty();
        });
        assertThat(recorded()).as("nothing handed to the core").isEqualTo(before);
        assertThat(count("select count(*) from login_link"))
                .as("no sign-in link made")
                .isEqualTo(links);
        assertThat(recorder.events(
                        ChatEvent.class, e -> e.actor().user().spaceId().equals(FOREIGN)))
                .isEmpty();
        assertThat(SLACK.responseUrlPosts())
                .noneMatch(p -> login.get("response_url").getAsString().endsWith(p.id()));
        // Logged once for the team, as a warning, without the payload.
        assertThat(LOGS.containing("Ignoring Slack requests from workspace " + FOREIGN))
                .singleElement()
                .asString()
                .startsWith("WARN")
                .contains("not a Slack space in schools.yml")
                .doesNotContain("stranger");

        // The trust's own workspace is served as before: Ben gets his link.
        SlackHttpModeClient.Result own = slack.slashCommand(
                        SLACK.payloads().slashCommand("/staffroom", "login", BEN, OAKFIELD_STAFFROOM))
                .send();
        assertThat(own.status()).isEqualTo(200);
        assertThat(own.body()).contains("/login/");
        assertThat(count("select count(*) from login_link")).isEqualTo(links + 1);
    }
}
