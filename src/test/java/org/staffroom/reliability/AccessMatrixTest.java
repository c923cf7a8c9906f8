package org.staffroom.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.google.gson.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import org.staffroom.slack.SlackTrust;
import org.staffroom.testing.MutableClock;
import org.staffroom.testing.Secrets;
import org.staffroom.testing.StaffroomTest;
import org.staffroom.testing.slack.FakeSlack;
import org.staffroom.testing.slack.SlackHttpModeClient;
import org.staffroom.web.LoginLinks;

/**
 * S10, the web access matrix: every endpoint of this branch against every kind of caller — nobody
 * signed in, a teacher, an admin, someone from a workspace outside the trust — and requests without
 * the form's CSRF token or Slack's signature. Each cell is what must happen; a new page is one more
 * {@link Row}. Slack runs in HTTP mode here, so {@code /slack/events} exists; Discord is the sandbox.
 */
@StaffroomTest
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class AccessMatrixTest {

    static final String SIGNING_SECRET = "s10-" + java.util.UUID.randomUUID().toString().replace("-", "");
    static final FakeSlack SLACK = SlackTrust.fake().start();

    static {
        Secrets.register(SIGNING_SECRET);
    }

    @DynamicPropertySource
    static void slack(DynamicPropertyRegistry r) {
        r.add("staffroom.slack.bot-token", SLACK::botToken);
        r.add("staffroom.slack.app-token", () -> "");
        r.add("staffroom.slack.api-url", SLACK::apiUrlPrefix);
        r.add("staffroom.slack.mode", () -> "http");
        r.add("staffroom.slack.signing-secret", () -> SIGNING_SECRET);
        r.add("staffroom.slack.client-id", () -> "");
        r.add("staffroom.slack.client-secret", () -> "");
    }

    @AfterAll
    static void closeFake() {
        SLACK.close();
    }

    /** Who asks. */
    enum Who { NOBODY, TEACHER, ADMIN, FOREIGN }

    /** What must happen. */
    enum Outcome {
        /** Sent to sign in: a page redirects to /login, the JSON API answers 401. */
        SIGN_IN,
        REFUSED,
        ALLOWED
    }

    /** One request and what each caller must get. */
    record Row(String what, Function<Session, HttpResponse<String>> request, Map<Who, Outcome> expected) {
    }

    @LocalServerPort int port;
    @Autowired LoginLinks links;
    @Autowired JdbcClient jdbc;
    @Autowired MutableClock clock;

    @Test
    void everyEndpointRefusesWhoItMustAndAdmitsWhoItMay() {
        Map<Who, Session> sessions = new EnumMap<>(Who.class);
        sessions.put(Who.NOBODY, new Session(null));
        sessions.put(Who.TEACHER, signIn("ben-hughes", "Ben Hughes"));
        sessions.put(Who.ADMIN, signIn("kate-brennan", "Kate Brennan"));
        // Someone in a Slack workspace outside the trust asks for a sign-in link: none is made.
        sessions.put(Who.FOREIGN, signInFromForeignWorkspace());

        List<Row> matrix = List.of(
                row("GET / (dashboard)", s -> s.get("/"), Outcome.SIGN_IN, Outcome.ALLOWED, Outcome.ALLOWED, Outcome.SIGN_IN),
                row("GET /config", s -> s.get("/config"), Outcome.SIGN_IN, Outcome.REFUSED, Outcome.ALLOWED, Outcome.SIGN_IN),
                row("GET /api/config", s -> s.get("/api/config"), Outcome.SIGN_IN, Outcome.REFUSED, Outcome.ALLOWED, Outcome.SIGN_IN),
                row("POST /login/{token} without the form's CSRF token", s -> s.post("/login/" + links.create("ben-hughes",
                        "Ben Hughes", "SLACK"), "", null), Outcome.REFUSED, Outcome.REFUSED, Outcome.REFUSED, Outcome.REFUSED),
                row("POST /logout without the CSRF token", s -> s.post("/logout", "", null),
                        Outcome.REFUSED, Outcome.REFUSED, Outcome.REFUSED, Outcome.REFUSED),
                row("GET /login/{unknown token}", s -> s.get("/login/not-a-real-token"),
                        Outcome.ALLOWED, Outcome.ALLOWED, Outcome.ALLOWED, Outcome.ALLOWED),
                row("POST /sandbox/api/post as an account outside the trust", s -> s.post("/sandbox/api/post",
                        "{\"as\":\"discord:1180000000000099999:1180000000000099998\",\"channel\":\"discord:1180000000000000001:1180000000000000101\",\"text\":\"hello\"}",
                        "application/json"), Outcome.REFUSED, Outcome.REFUSED, Outcome.REFUSED, Outcome.REFUSED),
                row("POST /slack/events without Slack's signature", s -> s.post("/slack/events", "{\"type\":\"event_callback\"}",
                        "application/json"), Outcome.REFUSED, Outcome.REFUSED, Outcome.REFUSED, Outcome.REFUSED));

        List<String> wrong = new ArrayList<>();
        int cells = 0;
        for (Row row : matrix) {
            for (Who who : Who.values()) {
                cells++;
                HttpResponse<String> r = row.request().apply(sessions.get(who));
                Outcome got = outcome(r);
                if (got != row.expected().get(who)) {
                    wrong.add(row.what() + " as " + who + ": expected " + row.expected().get(who) + ", got " + got + " (HTTP "
                            + r.statusCode() + ")");
                }
            }
        }
        Figures.report("S10", "endpoints", matrix.size(), "callers", Who.values().length, "cells", cells,
                "as_expected", (cells - wrong.size()) + "/" + cells, "access_matrix", (100 * (cells - wrong.size()) / cells) + "%");
        assertThat(wrong).isEmpty();
    }

    private static Row row(String what, Function<Session, HttpResponse<String>> request, Outcome nobody, Outcome teacher,
                           Outcome admin, Outcome foreign) {
        Map<Who, Outcome> expected = new EnumMap<>(Who.class);
        expected.put(Who.NOBODY, nobody);
        expected.put(Who.TEACHER, teacher);
        expected.put(Who.ADMIN, admin);
        expected.put(Who.FOREIGN, foreign);
        return new Row(what, request, expected);
    }

    private static Outcome outcome(HttpResponse<String> r) {
        if (r.statusCode() == 302 && r.headers().firstValue("Location").orElse("").contains("/login")) return Outcome.SIGN_IN;
        if (r.statusCode() == 401 && r.request().uri().getPath().startsWith("/api/")) return Outcome.SIGN_IN;
        if (r.statusCode() >= 200 && r.statusCode() < 300) return Outcome.ALLOWED;
        return Outcome.REFUSED;
    }

    /** Signs in as a person through a link as the chat command would make it, pressing the button on its page. */
    private Session signIn(String personKey, String name) {
        Session s = new Session(new CookieManager());
        String token = links.create(personKey, name, "SLACK");
        HttpResponse<String> page = s.get("/login/" + token);
        Matcher csrf = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(page.body());
        assertThat(csrf.find()).as("the sign-in page's form carries a CSRF token").isTrue();
        HttpResponse<String> signedIn = s.post("/login/" + token, "_csrf=" + csrf.group(1), "application/x-www-form-urlencoded");
        assertThat(signedIn.statusCode()).isEqualTo(302);
        assertThat(s.get("/").statusCode()).isEqualTo(200);
        return s;
    }

    /**
     * {@code /staffroom login} from a workspace the trust does not include, signed correctly: Slack is
     * answered, but no link is made, so the stranger has no way to a session.
     */
    private Session signInFromForeignWorkspace() {
        long before = jdbc.sql("select count(*) from login_link").query(Long.class).single();
        JsonObject command = SLACK.payloads().slashCommand("/staffroom", "login", "U0STRANGER", "C0ELSEWHER");
        command.addProperty("team_id", "T0ELSEWHERE");
        SlackHttpModeClient.Result r = new SlackHttpModeClient(URI.create("http://localhost:" + port + "/slack/events"),
                SIGNING_SECRET, clock).slashCommand(command).send();
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).doesNotContain("/login/");
        assertThat(jdbc.sql("select count(*) from login_link").query(Long.class).single()).as("no link for a stranger").isEqualTo(before);
        return new Session(new CookieManager());
    }

    /** A browser: its cookies, no redirects followed. */
    final class Session {
        private final HttpClient http;

        Session(CookieManager cookies) {
            HttpClient.Builder b = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER);
            this.http = (cookies == null ? b : b.cookieHandler(cookies)).build();
        }

        HttpResponse<String> get(String path) {
            return send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET().build());
        }

        HttpResponse<String> post(String path, String body, String contentType) {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                    .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
            if (contentType != null) b.header("Content-Type", contentType);
            return send(b.build());
        }

        private HttpResponse<String> send(HttpRequest request) {
            try {
                return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
