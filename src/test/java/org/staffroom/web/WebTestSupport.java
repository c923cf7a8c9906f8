package org.staffroom.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.staffroom.chat.Chat;
import org.staffroom.chat.Ticker;
import org.staffroom.config.TrustConfig;
import org.staffroom.testing.Browser;
import org.staffroom.testing.MutableClock;
import org.staffroom.testing.SandboxClient;
import org.staffroom.testing.StaffroomTest;
import org.staffroom.testing.TestClockConfiguration;
import tools.jackson.databind.JsonNode;

/**
 * What the web tests share: one Spring context (every subclass has the same configuration, so
 * Spring's test context cache starts Staffroom once for all of them, on a copy of bot-config that
 * a test may edit and a temporary photo folder) and one headless Chromium for the whole run.
 * Tests share the database, so each one makes its own drafts and asserts on those.
 */
@StaffroomTest
abstract class WebTestSupport {

    static final Path CONFIG;
    static final Path FILES;
    private static Browser shared;

    static {
        CONFIG = org.staffroom.testing.SampleConfig.copy("web");
        FILES = org.staffroom.testing.SampleConfig.folder("web-files");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (shared != null) shared.close();
            for (Path dir : List.of(CONFIG, FILES)) {
                try (Stream<Path> files = Files.walk(dir)) {
                    for (Path p : files.sorted((a, b) -> b.compareTo(a)).toList()) Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // a temporary folder left behind is harmless
                }
            }
        }));
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("staffroom.config-dir", CONFIG::toString);
        registry.add("staffroom.files.dir", FILES::toString);
    }

    @LocalServerPort
    int port;

    @Autowired
    MutableClock clock;

    @Autowired
    Ticker ticker;

    @Autowired
    Chat chat;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TrustConfig trustConfig;

    SandboxClient sandbox;
    Browser browser;

    @BeforeEach
    void setUpWeb() {
        sandbox = new SandboxClient(port);
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

    void settle() {
        assertThat(chat.awaitDelivered(Duration.ofSeconds(15))).isTrue();
    }

    void tickAt(Instant at) {
        clock.set(at);
        ticker.tickNow();
        settle();
    }

    static Map<String, List<String>> draftForm(String text, String target, String networks, String category) {
        Map<String, List<String>> v = new LinkedHashMap<>();
        v.put("text", List.of(text));
        v.put("target", List.of(target));
        v.put("networks", List.of(networks.split(",")));
        v.put("category", List.of(category));
        v.put("date", List.of());
        return v;
    }

    /** Hands in a draft with {@code /draft} as {@code as}, and returns its id. */
    long submitDraft(String as, String channel, String text, String category) {
        sandbox.command(as, channel, "/draft");
        sandbox.submitForm(as, draftForm(text, "school", "facebook", category));
        String answer = sandbox.lastPrivateAnswer(as, channel).orElseThrow().text();
        Matcher m = Pattern.compile("(?:Draft #|borrador n\\.º )(\\d+)").matcher(answer);
        assertThat(m.find()).as("an answer naming the draft: " + answer).isTrue();
        settle();
        return Long.parseLong(m.group(1));
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

    /** The newest review card for a draft in a channel, as {@code as} sees it. */
    SandboxClient.Seen card(String as, String channel, long draftId) {
        settle();
        return sandbox.botMessages(as, channel).stream()
                .filter(m -> m.threadId() == null && !m.ephemeral())
                .filter(m -> m.contains("Draft #" + draftId + " ") || m.contains("Borrador n.º " + draftId + " "))
                .reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("no card for draft " + draftId + " in " + channel));
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

    String draftState(long id) {
        return jdbc.sql("select state from draft where id = ?")
                .param(id)
                .query(String.class)
                .single();
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
        java.awt.image.BufferedImage img =
                new java.awt.image.BufferedImage(w, h, java.awt.image.BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = img.createGraphics();
        g.setColor(color);
        g.fillRect(0, 0, w, h);
        g.setColor(java.awt.Color.WHITE);
        g.fillOval(w / 3, h / 4, w / 3, h / 2);
        g.dispose();
        try {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            javax.imageio.ImageIO.write(img, "jpg", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
