package org.staffroom.chat.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The shared attachment download against a server on loopback: each answer a platform may give. */
class AttachmentDownloaderTest {

    static HttpServer server;
    static final Map<String, String> AUTHORIZATION = new ConcurrentHashMap<>();
    static final CountDownLatch RELEASE_SLOW = new CountDownLatch(1);
    static final AttachmentDownloader DOWNLOADER =
            new AttachmentDownloader(Duration.ofSeconds(5), Duration.ofSeconds(3));

    @BeforeAll
    static void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/ok", ex -> {
            AUTHORIZATION.put("ok", String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
            answer(ex, 200, "image/png", "PNGDATA".getBytes(StandardCharsets.UTF_8), false);
        });
        server.createContext("/big-announced", ex -> answer(ex, 200, "image/png", new byte[2048], false));
        server.createContext("/big-streamed", ex -> answer(ex, 200, "image/png", new byte[2048], true));
        server.createContext(
                "/login", ex -> answer(ex, 200, "text/html; charset=utf-8", "<html>Sign in</html>".getBytes(), false));
        server.createContext("/gone", ex -> answer(ex, 404, "text/plain", new byte[0], false));
        server.createContext("/down", ex -> answer(ex, 503, "text/plain", new byte[0], false));
        server.createContext("/busy", ex -> {
            ex.getResponseHeaders().add("Retry-After", "7");
            answer(ex, 429, "text/plain", new byte[0], false);
        });
        server.createContext("/moved", ex -> {
            ex.getResponseHeaders()
                    .add("Location", "http://127.0.0.1:" + server.getAddress().getPort() + "/ok");
            answer(ex, 302, "text/plain", new byte[0], false);
        });
        server.createContext("/slow", ex -> {
            try {
                RELEASE_SLOW.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            answer(ex, 200, "image/png", new byte[1], false);
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
    }

    @AfterAll
    static void stop() {
        RELEASE_SLOW.countDown();
        server.stop(0);
    }

    static void answer(HttpExchange ex, int status, String type, byte[] body, boolean chunked) throws IOException {
        ex.getResponseHeaders().add("Content-Type", type);
        ex.sendResponseHeaders(status, chunked ? 0 : body.length == 0 ? -1 : body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    static URI at(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    @Test
    void aFileComesBackWithTheHeadersTheAdapterGave() throws Exception {
        byte[] bytes = DOWNLOADER.fetch(at("/ok"), Map.of("Authorization", "Bearer xoxb-test"), 1024, "photo.png");
        assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo("PNGDATA");
        assertThat(AUTHORIZATION.get("ok")).isEqualTo("Bearer xoxb-test");
    }

    @Test
    void aFileOverTheCapIsRefusedWhetherAnnouncedOrNot() {
        assertThatThrownBy(() -> DOWNLOADER.fetch(at("/big-announced"), Map.of(), 1024, "big.png"))
                .hasMessageContaining("larger than 1024 bytes")
                .isInstanceOfSatisfying(
                        DeliveryException.class, e -> assertThat(e.permanent()).isTrue());
        assertThatThrownBy(() -> DOWNLOADER.fetch(at("/big-streamed"), Map.of(), 1024, "big.png"))
                .hasMessageContaining("larger than 1024 bytes")
                .isInstanceOfSatisfying(
                        DeliveryException.class, e -> assertThat(e.permanent()).isTrue());
    }

    @Test
    void aWebPageInPlaceOfTheFileIsRefused() {
        assertThatThrownBy(() -> DOWNLOADER.fetch(at("/login"), Map.of(), 1024, "photo.png"))
                .isInstanceOfSatisfying(
                        DeliveryException.class, e -> assertThat(e.permanent()).isTrue())
                .hasMessageContaining("web page");
    }

    @Test
    void answersMapToPermanentTransientAndRateLimited() {
        assertThatThrownBy(() -> DOWNLOADER.fetch(at("/gone"), Map.of(), 1024, "photo.png"))
                .isInstanceOfSatisfying(
                        DeliveryException.class, e -> assertThat(e.permanent()).isTrue());
        assertThatThrownBy(() -> DOWNLOADER.fetch(at("/down"), Map.of(), 1024, "photo.png"))
                .isInstanceOfSatisfying(
                        DeliveryException.class, e -> assertThat(e.permanent()).isFalse());
        assertThatThrownBy(() -> DOWNLOADER.fetch(at("/busy"), Map.of(), 1024, "photo.png"))
                .isInstanceOfSatisfying(
                        DeliveryException.class, e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(7)));
    }

    @Test
    void aRedirectIsNotFollowed() {
        AUTHORIZATION.remove("ok");
        assertThatThrownBy(() ->
                        DOWNLOADER.fetch(at("/moved"), Map.of("Authorization", "Bearer xoxb-test"), 1024, "photo.png"))
                .isInstanceOfSatisfying(
                        DeliveryException.class, e -> assertThat(e.permanent()).isTrue())
                .hasMessageContaining("HTTP 302");
        assertThat(AUTHORIZATION).doesNotContainKey("ok");
    }

    @Test
    void aServerThatDoesNotAnswerInTimeIsATransientFailure() {
        assertThatThrownBy(() -> DOWNLOADER.fetch(at("/slow"), Map.of(), 1024, "photo.png"))
                .isInstanceOfSatisfying(
                        DeliveryException.class, e -> assertThat(e.permanent()).isFalse())
                .hasMessageContaining("no answer");
    }

    @Test
    void onlyWebAddressesAreFetched() {
        assertThatThrownBy(() -> DOWNLOADER.fetch(URI.create("file:///etc/passwd"), Map.of(), 1024, "passwd"))
                .isInstanceOfSatisfying(
                        DeliveryException.class, e -> assertThat(e.permanent()).isTrue());
    }
}
