package org.staffroom.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.staffroom.testing.Sample.*;

import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import tools.jackson.databind.JsonNode;

import org.staffroom.testing.Browser;
import org.staffroom.testing.MutableClock;
import org.staffroom.testing.SandboxClient;
import org.staffroom.testing.StaffroomTest;

/**
 * Sign-in by a link from chat, in a real browser (headless Chromium): single use, ten minutes,
 * bound to the person; pages by role; sign-out; CSRF on forms.
 */
@StaffroomTest
class WebSignInTest {

    static Browser browser;

    @LocalServerPort
    int port;

    @Autowired
    MutableClock clock;

    SandboxClient sandbox;

    @BeforeAll
    static void openBrowser() {
        browser = new Browser();
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) browser.close();
    }

    @BeforeEach
    void setUp() {
        sandbox = new SandboxClient(port);
        browser.driver.manage().deleteAllCookies();
    }

    /** Asks the bot for a link as {@code as} and returns it, pointed at this test's port. */
    private String linkFor(String as, String channel) {
        sandbox.command(as, channel, "/staffroom login");
        JsonNode spans = sandbox.lastPrivateAnswer(as, channel).orElseThrow().raw().get("message").get("text");
        for (JsonNode s : spans) {
            if (s.get("t").asString().equals("link")) {
                URI sent = URI.create(s.get("url").asString());
                return "http://localhost:" + port + sent.getPath();
            }
        }
        throw new AssertionError("no link in the bot's answer");
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }

    private String heading() {
        return browser.driver.findElement(By.tagName("h1")).getText();
    }

    @Test
    void anAdminSignsInWithALinkFromChatAndSeesTheConfiguration() {
        String link = linkFor(KATE_SLACK, OAKFIELD_STAFFROOM);
        browser.driver.get(link);
        assertThat(heading()).isEqualTo("Sign in as Kate Brennan?");
        browser.screenshots("sign-in-confirm");
        browser.driver.findElement(By.cssSelector("button[type=submit]")).click();

        assertThat(heading()).isEqualTo("Welcome, Kate Brennan");
        browser.screenshots("home-admin");
        browser.driver.findElement(By.linkText("Configuration")).click();
        assertThat(heading()).isEqualTo("Configuration");
        assertThat(browser.driver.getPageSource()).contains("is valid and in force").contains("Oakfield Primary School");
        browser.screenshots("config");

        // Sign out, then the dashboard asks for a link again.
        browser.driver.findElement(By.cssSelector("header nav button")).click();
        assertThat(browser.driver.getPageSource()).contains("You have signed out.");
        browser.driver.get(url("/"));
        assertThat(heading()).isEqualTo("Sign in");
    }

    @Test
    void aLinkWorksOnceOnly() {
        String link = linkFor(BEN, OAKFIELD_STAFFROOM);
        browser.driver.get(link);
        browser.driver.findElement(By.cssSelector("button[type=submit]")).click();
        assertThat(heading()).isEqualTo("Welcome, Ben Hughes");

        browser.driver.manage().deleteAllCookies();
        browser.driver.get(link);
        assertThat(browser.driver.findElement(By.cssSelector("[role=alert]")).getText())
                .isEqualTo("That sign-in link has already been used. Ask the bot for a new one.");
        browser.screenshots("sign-in-used");
    }

    @Test
    void aLinkExpiresAfterTenMinutes() {
        String link = linkFor(HARRY, HILLCREST_STAFFROOM);
        clock.advance(Duration.ofMinutes(10).plusSeconds(1));
        try {
            browser.driver.get(link);
            assertThat(browser.driver.findElement(By.cssSelector("[role=alert]")).getText())
                    .isEqualTo("That sign-in link has expired. Ask the bot for a new one.");
        } finally {
            clock.advance(Duration.ofMinutes(-10).minusSeconds(1));
        }
    }

    @Test
    void aTeacherCannotOpenAdminPagesAndStrangersAreSentToSignIn() throws Exception {
        browser.driver.get(url("/config"));
        assertThat(heading()).isEqualTo("Sign in");

        String link = linkFor(DAN, RIVERSIDE_STAFFROOM);
        browser.driver.get(link);
        browser.driver.findElement(By.cssSelector("button[type=submit]")).click();
        assertThat(browser.driver.findElements(By.linkText("Configuration"))).isEmpty();

        HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager()).followRedirects(HttpClient.Redirect.NEVER).build();
        String cookie = browser.driver.manage().getCookieNamed("JSESSIONID").getValue();
        HttpResponse<String> config = http.send(HttpRequest.newBuilder(URI.create(url("/api/config")))
                .header("Cookie", "JSESSIONID=" + cookie).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(config.statusCode()).isEqualTo(403);
    }

    @Test
    void signingInWithoutTheFormsCsrfTokenIsRefusedAndDoesNotUseTheLink() throws Exception {
        String link = linkFor(JAVIER, SEVILLA_STAFFROOM);
        HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        HttpResponse<String> forged = http.send(HttpRequest.newBuilder(URI.create(link)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(forged.statusCode()).isEqualTo(403);

        // The link is still good in the person's own browser, in their language.
        browser.driver.get(link);
        assertThat(heading()).isEqualTo("¿Entrar como Javier Moreno?");
    }
}
