package org.staffroom.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.staffroom.config.TrustConfig;
import org.staffroom.testing.Browser;
import org.staffroom.testing.SampleConfig;
import org.staffroom.testing.SandboxClient;
import org.staffroom.testing.SandboxDrafts;
import org.staffroom.testing.StaffroomEndToEnd;
import org.staffroom.testing.StaffroomTest;
import org.staffroom.testing.TestClockConfiguration;
import org.staffroom.testing.TestImages;
import tools.jackson.databind.JsonNode;

/**
 * What the web tests share: one Spring context (every subclass has the same configuration, so
 * Spring's test context cache starts Staffroom once for all of them, on a copy of bot-config that
 * a test may edit and a temporary photo folder) and one headless Chromium for the whole run.
 * Tests share the database, so each one makes its own drafts and asserts on those.
 */
@StaffroomTest
abstract class WebTestSupport extends StaffroomEndToEnd {

    static final Path CONFIG;
    static final Path FILES;
    private static Browser shared;

    static {
        CONFIG = org.staffroom.testing.SampleConfig.copy("web");
        FILES = org.staffroom.testing.SampleConfig.folder("web-files");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (shared != null) shared.close();
            try {
                SampleConfig.delete(CONFIG, FILES);
            } catch (UncheckedIOException ignored) {
                // a temporary folder left behind is harmless
            }
        }));
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        SampleConfig.register(registry, CONFIG, FILES);
    }

    @Autowired
    TrustConfig trustConfig;

    Browser browser;

    @BeforeEach
    void setUpWeb() {
        browser = browser();
        browser.driver.manage().deleteAllCookies();
        clock.set(TestClockConfiguration.START);
    }

    /** The one browser of the run, opened on first use and closed when the JVM ends. */
    static synchronized Browser browser() {
        if (shared == null) shared = new Browser();
        return shared;
    }

    // ------------------------------------------------------------------ signing in

    /** Asks the bot for a link as {@code as} in {@code channel} and returns it, pointed at this test's port. */
    String linkFor(String as, String channel) {
        long before = sandbox.lastPrivateAnswer(as, channel)
                .map(SandboxClient.Seen::id)
                .orElse(0L);
        sandbox.command(as, channel, "/staffroom login");
        SandboxClient.Seen answer = org.awaitility.Awaitility.await()
                .atMost(Duration.ofSeconds(15))
                .until(
                        () -> sandbox.lastPrivateAnswer(as, channel).filter(m -> m.id() > before),
                        java.util.Optional::isPresent)
                .orElseThrow();
        JsonNode spans = answer.raw().get("message").get("text");
        for (JsonNode s : spans) {
            if (s.get("t").asString().equals("link")) {
                return url(URI.create(s.get("url").asString()).getPath());
            }
        }
        throw new AssertionError("no link in the bot's answer");
    }

    /** Signs in as {@code as} in the browser (a fresh session); returns the session cookie for API calls. */
    String signIn(String as, String channel) {
        browser.driver.manage().deleteAllCookies();
        browser.driver.get(linkFor(as, channel));
        go(browser.driver.findElement(By.cssSelector("main button[type=submit]")));
        assertThat(heading()).matches("(Welcome|Hola), .+");
        return browser.driver.manage().getCookieNamed("JSESSIONID").getValue();
    }

    // ------------------------------------------------------------------ the browser

    String url(String path) {
        return "http://localhost:" + port + path;
    }

    void open(String path) {
        browser.driver.get(url(path));
    }

    /**
     * Clicks something that loads another page, and waits until that page has replaced this one:
     * what the test reads next is the new page, however busy the machine is.
     */
    void go(WebElement target) {
        WebElement before = browser.driver.findElement(By.tagName("html"));
        target.click();
        org.openqa.selenium.support.ui.WebDriverWait wait =
                new org.openqa.selenium.support.ui.WebDriverWait(browser.driver, Duration.ofSeconds(20));
        wait.until(d -> {
            try {
                before.isEnabled();
                return false;
            } catch (org.openqa.selenium.WebDriverException gone) {
                // Stale, or (Chromium's way of saying the same) a node that no longer belongs to the document.
                return true;
            }
        });
        wait.until(d -> "complete"
                .equals(((org.openqa.selenium.JavascriptExecutor) d).executeScript("return document.readyState")));
    }

    String heading() {
        return browser.driver.findElement(By.tagName("h1")).getText();
    }

    String page() {
        return browser.driver.findElement(By.tagName("body")).getText();
    }

    WebElement find(String css) {
        return browser.driver.findElement(By.cssSelector(css));
    }

    List<WebElement> findAll(String css) {
        return browser.driver.findElements(By.cssSelector(css));
    }

    String notice() {
        return find(".notices [role=status]").getText();
    }

    String problem() {
        return find(".notices [role=alert]").getText();
    }

    /**
     * Screenshots of the whole current page at desktop and phone widths, as
     * {@code target/screenshots/<name>-desktop.png} and {@code <name>-phone.png} (the window is made
     * as tall as the page, so what is below the fold is reviewed too).
     */
    void screenshots(String name) {
        for (org.openqa.selenium.Dimension size : List.of(Browser.DESKTOP, Browser.PHONE)) {
            browser.driver.manage().window().setSize(size);
            Object height = ((org.openqa.selenium.JavascriptExecutor) browser.driver)
                    .executeScript(
                            "return Math.max(document.documentElement.scrollHeight, document.body.scrollHeight)");
            int h = Math.min(6000, Math.max(size.height, ((Number) height).intValue() + 140));
            browser.driver.manage().window().setSize(new org.openqa.selenium.Dimension(size.width, h));
            browser.screenshot(name + (size == Browser.DESKTOP ? "-desktop" : "-phone"));
        }
        browser.driver.manage().window().setSize(Browser.DESKTOP);
    }

    // ------------------------------------------------------------------ plain HTTP

    /** A GET without following redirects, with a session cookie (or null for none). */
    HttpResponse<String> get(String path, String session) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(20));
        if (session != null) b.header("Cookie", "JSESSIONID=" + session);
        try {
            return HttpClient.newBuilder()
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .build()
                    .send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------------ chat

    /** Hands in a draft with {@code /draft} as {@code as}, and returns its id. */
    long submitDraft(String as, String channel, String text, String category) {
        return submitDraft(as, channel, SandboxDrafts.form(text, "school", "facebook", category, ""));
    }

    /** Hands in a draft with a photo, by the message action on a message carrying it. */
    long submitDraftWithPhoto(String as, String channel, String text, String category, byte[] jpeg) {
        sandbox.postWithImage(as, channel, text, "photo.jpg", jpeg);
        SandboxClient.Seen original = sandbox.messages(as, channel).stream()
                .filter(m -> m.contains(text))
                .reduce((a, b) -> b)
                .orElseThrow();
        sandbox.messageAction(as, original.id(), "drafts.submit-message");
        sandbox.submitForm(
                as,
                Map.of(
                        "text",
                        List.of(text),
                        "target",
                        List.of("school"),
                        "networks",
                        List.of("facebook"),
                        "category",
                        List.of(category),
                        "consent",
                        List.of("yes")));
        settle();
        return jdbc.sql("select max(id) from draft where author_key = ?")
                .param(personKey(as))
                .query(Long.class)
                .single();
    }

    /** The bot's newest direct message to {@code as} containing {@code text}. */
    SandboxClient.Seen dmTo(String as, String text) {
        settle();
        return sandbox.messages(as, org.staffroom.testing.Sample.dm(as)).stream()
                .filter(SandboxClient.Seen::bot)
                .filter(m -> m.contains(text))
                .reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("no DM to " + as + " containing: " + text));
    }

    /** people.yml ids of the sample accounts the tests act as. */
    static String personKey(String userKey) {
        return switch (userKey) {
            case org.staffroom.testing.Sample.BEN -> "ben-hughes";
            case org.staffroom.testing.Sample.DAN -> "dan-whitfield";
            case org.staffroom.testing.Sample.HARRY -> "harry-jones";
            case org.staffroom.testing.Sample.JAVIER -> "javier-moreno";
            default -> throw new IllegalArgumentException(userKey);
        };
    }

    /** A small JPEG: a coloured band, so the screenshots show where photos go. */
    static byte[] photo(int w, int h, java.awt.Color color) {
        return TestImages.jpeg(w, h, color, true);
    }
}
