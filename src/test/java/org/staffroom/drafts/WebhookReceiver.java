package org.staffroom.drafts;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A loopback HTTP server standing in for the publishing tool behind the webhook; it can fail on purpose. */
final class WebhookReceiver {

    record Received(String body, String timestamp, String signature) {}

    private final HttpServer server;
    final List<Received> received = new CopyOnWriteArrayList<>();
    /** How many more times to answer 500 for a draft id. */
    final Map<Long, AtomicInteger> failures = new ConcurrentHashMap<>();

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
