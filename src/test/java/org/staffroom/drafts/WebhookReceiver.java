package org.staffroom.drafts;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.staffroom.testing.Secrets;

/** A loopback HTTP server standing in for the publishing tool behind the webhook; it can fail on purpose. */
final class WebhookReceiver {

    record Received(String body, String timestamp, String signature) {}

    private final HttpServer server;
    final List<Received> received = new CopyOnWriteArrayList<>();
    /** How many more times to answer 500 for a draft id. */
    final Map<Long, AtomicInteger> failures = new ConcurrentHashMap<>();

    /** A new signing secret for the webhook, registered so that the log scans look for it. */
    static String newSecret() {
        String secret = "whsec-" + UUID.randomUUID();
        Secrets.register(secret);
        return secret;
    }

    /** Points the application's publish webhook at this receiver, signing with {@code secret}. */
    void register(DynamicPropertyRegistry registry, String secret) {
        registry.add("STAFFROOM_PUBLISH_WEBHOOK_URL", this::url);
        registry.add("STAFFROOM_PUBLISH_WEBHOOK_SECRET", () -> secret);
    }

    WebhookReceiver() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/hook", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            received.add(new Received(
                    body,
                    exchange.getRequestHeaders().getFirst("X-Staffroom-Timestamp"),
                    exchange.getRequestHeaders().getFirst("X-Staffroom-Signature")));
            int status = 200;
            for (Map.Entry<Long, AtomicInteger> f : failures.entrySet()) {
                if (body.contains("\"id\":" + f.getKey() + ",") && f.getValue().getAndDecrement() > 0) status = 500;
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    List<Received> about(long draftId) {
        return received.stream()
                .filter(r -> r.body().contains("\"id\":" + draftId + ","))
                .toList();
    }
}
