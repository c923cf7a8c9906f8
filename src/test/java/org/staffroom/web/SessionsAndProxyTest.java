package org.staffroom.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.staffroom.testing.StaffroomEndToEnd;
import org.staffroom.testing.StaffroomTest;
import org.staffroom.testing.TestClockConfiguration;

/**
 * Sessions over real HTTP: the cookie's attributes with and without a TLS proxy in front, the
 * absolute lifetime, an admin's "sign out everywhere", and the sandbox refusing anything that
 * came through a proxy even when the proxy sits on this machine.
 */
@StaffroomTest
class SessionsAndProxyTest extends StaffroomEndToEnd {

    @Autowired
    LoginLinks links;

    @BeforeEach
    void startOfDay() {
        clock.set(TestClockConfiguration.START);
    }

    @Test
    void theSessionCookieIsLaxAndHttpOnlyAndSecureOnlyBehindATlsProxy() throws Exception {
        HttpResponse<String> plain = signIn("ben-hughes", "Ben Hughes", new Browser(), false);
        String cookie = plain.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("JSESSIONID="))
                .findFirst()
                .orElseThrow();
        assertThat(cookie)
                .contains("HttpOnly")
                .containsIgnoringCase("SameSite=Lax")
                .doesNotContain("Secure");
        assertThat(plain.headers().firstValue("Strict-Transport-Security")).isEmpty();

        HttpResponse<String> proxied = signIn("ben-hughes", "Ben Hughes", new Browser(), true);
        String secure = proxied.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("JSESSIONID="))
                .findFirst()
                .orElseThrow();
        assertThat(secure).contains("Secure").contains("HttpOnly").containsIgnoringCase("SameSite=Lax");
        assertThat(proxied.headers().firstValue("Strict-Transport-Security"))
                .hasValueSatisfying(h -> assertThat(h).contains("max-age="));
        assertThat(proxied.headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).startsWith("https://"));
    }

    @Test
    void theSandboxRefusesARequestThatCameThroughAProxyOnThisMachine() throws Exception {
        Browser b = new Browser();
        assertThat(b.get("/sandbox/api/workspace", false).statusCode()).isEqualTo(200);
        assertThat(b.send(HttpRequest.newBuilder(uri("/sandbox/api/workspace"))
                                .header("X-Forwarded-For", "198.51.100.4"))
                        .statusCode())
                .isEqualTo(404);
        assertThat(b.send(HttpRequest.newBuilder(uri("/sandbox/api/workspace")).header("X-Forwarded-For", "127.0.0.1"))
                        .statusCode())
                .as("a proxy claiming the caller is local")
                .isEqualTo(404);
    }

    @Test
    void aSessionEndsAfterItsAbsoluteLifetimeHoweverActive() throws Exception {
        Browser ben = new Browser();
        signIn("ben-hughes", "Ben Hughes", ben, false);
        for (int hour = 1; hour <= 7; hour++) {
            clock.advance(Duration.ofHours(1));
            assertThat(ben.get("/", false).statusCode()).as("hour " + hour).isEqualTo(200);
        }
        clock.advance(Duration.ofMinutes(59));
        assertThat(ben.get("/", false).statusCode()).isEqualTo(200);
        clock.advance(Duration.ofMinutes(2));
        HttpResponse<String> after = ben.get("/", false);
        assertThat(after.statusCode()).isEqualTo(302);
        assertThat(after.headers().firstValue("Location").orElse("")).contains("/login");
    }

    @Test
    void anAdminSignsAPersonOutEverywhereAndItIsAudited() throws Exception {
        Browser onPhone = new Browser();
        Browser onLaptop = new Browser();
        signIn("chloe-patel", "Chloe Patel", onPhone, false);
        signIn("chloe-patel", "Chloe Patel", onLaptop, false);
        Browser admin = new Browser();
        signIn("kate-brennan", "Kate Brennan", admin, false);
        Browser teacher = new Browser();
        signIn("dan-whitfield", "Dan Whitfield", teacher, false);

        HttpResponse<String> page = admin.get("/admin/people", false);
        assertThat(page.body()).contains("Chloe Patel");
        assertThat(teacher.post(
                                "/admin/people/sign-out",
                                "person=chloe-patel&_csrf="
                                        + csrf(teacher.get("/today", false).body()))
                        .statusCode())
                .as("a teacher cannot")
                .isEqualTo(403);
        assertThat(onPhone.get("/", false).statusCode()).isEqualTo(200);

        clock.advance(Duration.ofSeconds(5));
        HttpResponse<String> done =
                admin.post("/admin/people/sign-out", "person=chloe-patel&_csrf=" + csrf(page.body()));
        assertThat(done.statusCode()).isEqualTo(302);
        for (Browser b : List.of(onPhone, onLaptop)) {
            HttpResponse<String> r = b.get("/", false);
            assertThat(r.statusCode()).isEqualTo(302);
            assertThat(r.headers().firstValue("Location").orElse("")).contains("/login");
        }
        assertThat(admin.get("/", false).statusCode())
                .as("others are untouched")
                .isEqualTo(200);
        assertThat(jdbc.sql(
                                "select count(*) from web_audit where action = 'signed-out-everywhere' and actor_key = 'kate-brennan' and subject like 'Chloe Patel%'")
                        .query(Integer.class)
                        .single())
                .isEqualTo(1);
        assertThat(admin.get("/admin/people", false).body()).contains("Kate Brennan signed out Chloe Patel");

        clock.advance(Duration.ofSeconds(5));
        Browser again = new Browser();
        signIn("chloe-patel", "Chloe Patel", again, false);
        assertThat(again.get("/", false).statusCode())
                .as("a new link signs her in again")
                .isEqualTo(200);
    }

    // ------------------------------------------------------------------ a browser over plain HTTP

    private HttpResponse<String> signIn(String personKey, String name, Browser b, boolean viaTlsProxy)
            throws Exception {
        String token = links.create(personKey, name, "SLACK");
        HttpResponse<String> page = b.get("/login/" + token, viaTlsProxy);
        HttpRequest.Builder post = HttpRequest.newBuilder(uri("/login/" + token))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("_csrf=" + csrf(page.body())));
        if (viaTlsProxy) {
            proxy(post);
            // The page's session cookie is Secure: the proxy's side is https, so carry it by hand over the loopback
            // leg.
            page.headers().allValues("Set-Cookie").stream()
                    .filter(c -> c.startsWith("JSESSIONID="))
                    .findFirst()
                    .ifPresent(c -> post.header("Cookie", c.substring(0, c.indexOf(';'))));
        }
        HttpResponse<String> r = b.send(post);
        assertThat(r.statusCode()).as("signed in as " + personKey).isEqualTo(302);
        return r;
    }

    private static void proxy(HttpRequest.Builder b) {
        b.header("X-Forwarded-Proto", "https")
                .header("X-Forwarded-For", "198.51.100.4")
                .header("X-Forwarded-Port", "443");
    }

    private static String csrf(String html) {
        Matcher m = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(html);
        assertThat(m.find()).as("a form with a CSRF token").isTrue();
        return m.group(1);
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    final class Browser {
        private final HttpClient http = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .cookieHandler(new CookieManager())
                .build();

        HttpResponse<String> get(String path, boolean viaTlsProxy) throws Exception {
            HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).GET();
            if (viaTlsProxy) proxy(b);
            return send(b);
        }

        HttpResponse<String> post(String path, String form) throws Exception {
            return send(HttpRequest.newBuilder(uri(path))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)));
        }

        HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        }
    }
}
