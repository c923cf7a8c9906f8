package org.staffroom.testing.networks;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What every network fake shares: an HTTP server on loopback, the calls it received, a rate limit
 * of so many requests per window (by the fake's clock), and faults queued for the next requests.
 */
public abstract class LoopbackApi implements AutoCloseable {

    /** A fault the next matching request answers with. */
    public enum Fault {
        EXPIRED_TOKEN,
        RATE_LIMITED,
        MEDIA_REFUSED,
        SERVER_ERROR
    }

    /** One request as received. */
    public record Call(String method, String path, String query, Map<String, String> headers, byte[] body) {
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** A request with its body parsed: JSON, form fields, or multipart parts. */
    protected record Request(HttpExchange exchange, Call call, Map<String, String> params, List<Part> parts) {
        String param(String name) {
            return params.get(name);
        }
    }

    protected record Part(String name, String filename, String contentType, byte[] data) {}

    protected record Answer(int status, Object body, Map<String, String> headers) {
        static Answer ok(Object body) {
            return new Answer(200, body, Map.of());
        }
    }

    protected static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpServer server;
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final Deque<Fault> faults = new ArrayDeque<>();
    protected final Clock clock;
    private final int limit;
    private final Duration window;
    private Instant windowStart;
    private int inWindow;
    private int rateLimited;

    protected LoopbackApi(Clock clock, int limit, Duration window) {
        this.clock = clock;
        this.limit = limit;
        this.window = window;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/", this::handle);
        server.start();
    }

    /** The base URL to configure (http://127.0.0.1:port). */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public List<Call> calls() {
        return List.copyOf(calls);
    }

    /** How many requests were answered 429 (or the network's rate-limit error). */
    public synchronized int rateLimitedCount() {
        return rateLimited;
    }

    /** The next request that can fail this way does. */
    public synchronized void failNext(Fault fault) {
        faults.add(fault);
    }

    protected synchronized Fault takeFault(Fault... kinds) {
        for (Fault f : faults) {
            for (Fault k : kinds) {
                if (f == k) {
                    faults.remove(f);
                    return f;
                }
            }
        }
        return null;
    }

    /** Counts a request against the window; false when over the limit. */
    private synchronized boolean admit() {
        roll();
        if (limit > 0 && inWindow >= limit) {
            rateLimited++;
            return false;
        }
        inWindow++;
        return true;
    }

    /** When the current window ends. */
    protected synchronized Instant windowReset() {
        roll();
        return windowStart.plus(window);
    }

    /** A new window once the last one is over (or the clock was set back, as tests do). */
    private void roll() {
        Instant now = clock.instant();
        if (windowStart == null || now.isBefore(windowStart) || !now.isBefore(windowStart.plus(window))) {
            windowStart = now;
            inWindow = 0;
        }
    }

    protected abstract Answer answer(Request request) throws IOException;

    /** The network's own answer to a request over its rate limit. */
    protected abstract Answer rateLimitedAnswer();

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange;
                InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readAllBytes();
            Map<String, String> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders()
                    .forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), String.join(",", v)));
            Call call = new Call(
                    exchange.getRequestMethod(),
                    exchange.getRequestURI().getPath(),
                    exchange.getRequestURI().getRawQuery(),
                    headers,
                    body);
            calls.add(call);
            Map<String, String> params = new LinkedHashMap<>(form(call.query()));
            List<Part> parts = List.of();
            String type = headers.getOrDefault("content-type", "");
            if (type.startsWith("application/x-www-form-urlencoded")) params.putAll(form(call.text()));
            if (type.startsWith("multipart/form-data")) {
                parts = multipart(type, body);
                for (Part p : parts)
                    if (p.filename() == null) params.put(p.name(), new String(p.data(), StandardCharsets.UTF_8));
            }
            Answer a;
            if (takeFault(Fault.RATE_LIMITED) != null || !admit()) {
                a = rateLimitedAnswer();
            } else {
                try {
                    a = answer(new Request(exchange, call, params, parts));
                } catch (RuntimeException e) {
                    a = new Answer(500, Map.of("error", "fake failed: " + e), Map.of());
                }
            }
            byte[] out =
                    a.body() instanceof byte[] b ? b : JSON.writeValueAsBytes(a.body() == null ? Map.of() : a.body());
            exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
            a.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
            exchange.sendResponseHeaders(a.status(), out.length == 0 ? -1 : out.length);
            if (out.length > 0) exchange.getResponseBody().write(out);
        }
    }

    protected static JsonNode json(Request r) {
        return JSON.readTree(r.call().body());
    }

    protected static Map<String, String> form(String s) {
        Map<String, String> out = new LinkedHashMap<>();
        if (s == null || s.isEmpty()) return out;
        for (String pair : s.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.put(k, v);
        }
        return out;
    }

    private static final Pattern BOUNDARY = Pattern.compile("boundary=\"?([^\";]+)\"?");
    private static final Pattern NAME = Pattern.compile("\\bname=\"([^\"]*)\"");
    private static final Pattern FILENAME = Pattern.compile("\\bfilename=\"([^\"]*)\"");

    /** Just enough multipart/form-data for photo uploads. */
    static List<Part> multipart(String contentType, byte[] body) {
        Matcher m = BOUNDARY.matcher(contentType);
        if (!m.find()) return List.of();
        byte[] delimiter = ("--" + m.group(1)).getBytes(StandardCharsets.ISO_8859_1);
        List<Part> parts = new ArrayList<>();
        int pos = indexOf(body, delimiter, 0);
        while (pos >= 0) {
            int start = pos + delimiter.length;
            if (start + 1 < body.length && body[start] == '-' && body[start + 1] == '-') break;
            start += 2; // CRLF
            int next = indexOf(body, delimiter, start);
            if (next < 0) break;
            int headerEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), start);
            String head = new String(body, start, headerEnd - start, StandardCharsets.UTF_8);
            byte[] data = java.util.Arrays.copyOfRange(body, headerEnd + 4, next - 2);
            Matcher n = NAME.matcher(head);
            Matcher f = FILENAME.matcher(head);
            String type = null;
            for (String line : head.split("\r\n")) {
                if (line.toLowerCase(Locale.ROOT).startsWith("content-type:"))
                    type = line.substring(13).trim();
            }
            parts.add(new Part(n.find() ? n.group(1) : null, f.find() ? f.group(1) : null, type, data));
            pos = next;
        }
        return parts;
    }

    private static int indexOf(byte[] hay, byte[] needle, int from) {
        outer:
        for (int i = from; i <= hay.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) if (hay[i + j] != needle[j]) continue outer;
            return i;
        }
        return -1;
    }

    protected static String bearer(Request r) {
        String auth = r.call().headers().get("authorization");
        if (auth != null && auth.startsWith("Bearer ")) return auth.substring(7);
        auth = auth == null ? null : auth.replaceFirst("(?i)^OAuth ", "");
        return auth != null ? auth : r.param("access_token");
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
