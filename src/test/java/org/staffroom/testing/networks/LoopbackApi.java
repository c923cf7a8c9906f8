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
import java.util.concurrent.ExecutorService;
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
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final Deque<Fault> faults = new ArrayDeque<>();
    protected final Clock clock;
    private final Map<String, Budget> budgets = new LinkedHashMap<>();
    private final Budget requests;
    private int rateLimited;

    /** The request limit every fake has: {@code limit} requests per {@code window} (0: none). */
    public static final String REQUESTS = "requests";

    protected LoopbackApi(Clock clock, int limit, Duration window) {
        this.clock = clock;
        this.requests = budget(new Limit(REQUESTS, limit, window));
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.setExecutor(executor);
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

    /**
     * A published limit: at most {@code count} units (requests, uploads, posts, points) per {@code
     * window}. A count of 0 switches it off.
     */
    public record Limit(String name, int count, Duration window) {}

    /**
     * One limit's count, in fixed windows by the fake's clock: a window opens with the first unit
     * after the last one closed (or when the clock was set back, as tests do) and the count starts
     * again. Networks use sliding windows or buckets; a fixed window is the simplest shape that
     * allows the same number per window, and what the benchmark's floor is computed from.
     */
    protected final class Budget {
        private Limit limit;
        private Instant start;
        private int used;
        private int refused;

        private Budget(Limit limit) {
            this.limit = limit;
        }

        /** Takes {@code units} if the window has room; false (and counted as refused) when not. */
        public boolean take(int units) {
            synchronized (LoopbackApi.this) {
                roll();
                if (limit.count() > 0 && used + units > limit.count()) {
                    refused++;
                    rateLimited++;
                    return false;
                }
                used += units;
                return true;
            }
        }

        public Limit limit() {
            synchronized (LoopbackApi.this) {
                return limit;
            }
        }

        /** Units left in the current window. */
        public int remaining() {
            synchronized (LoopbackApi.this) {
                roll();
                return Math.max(0, limit.count() - used);
            }
        }

        /** When the current window closes. */
        public Instant reset() {
            synchronized (LoopbackApi.this) {
                roll();
                return start.plus(limit.window());
            }
        }

        private void roll() {
            Instant now = clock.instant();
            if (start == null || now.isBefore(start) || !now.isBefore(start.plus(limit.window()))) {
                start = now;
                used = 0;
            }
        }
    }

    /** Registers one of the network's limits (its published value); tests may lower it with {@link #limit}. */
    protected final synchronized Budget budget(Limit published) {
        Budget b = new Budget(published);
        budgets.put(published.name(), b);
        return b;
    }

    /**
     * Takes {@code units} from every one of {@code all}, or from none: the first without room is
     * returned (its refusal counted), null when all took them.
     */
    protected final synchronized Budget take(int units, Budget... all) {
        for (Budget b : all) {
            if (b.limit().count() > 0 && b.remaining() < units) {
                b.take(units);
                return b;
            }
        }
        for (Budget b : all) b.take(units);
        return null;
    }

    /** Sets limit {@code name} (one of the fake's own constants) to {@code count} per {@code window}. */
    public synchronized void limit(String name, int count, Duration window) {
        Budget b = budgets.get(name);
        if (b == null) throw new IllegalArgumentException("no limit " + name + " here; there are " + budgets.keySet());
        b.limit = new Limit(name, count, window);
        b.start = null;
        b.used = 0;
    }

    /** The limits in force, by name (what the benchmark computes its floor from). */
    public synchronized Map<String, Limit> limits() {
        Map<String, Limit> out = new LinkedHashMap<>();
        budgets.forEach((k, v) -> out.put(k, v.limit));
        return out;
    }

    /** How many requests limit {@code name} refused. */
    public synchronized int rateLimited(String name) {
        return budgets.get(name).refused;
    }

    /** When the current window of the request limit ends. */
    protected Instant windowReset() {
        return requests.reset();
    }

    /** Whole seconds until {@code at}, rounded up (a client waiting that long is never early). */
    protected final long secondsUntil(Instant at) {
        long millis = Duration.between(clock.instant(), at).toMillis();
        return Math.max(0, (millis + 999) / 1000);
    }

    /** Epoch seconds of {@code at}, rounded up. */
    protected static long epochSecondCeil(Instant at) {
        return at.getEpochSecond() + (at.getNano() > 0 ? 1 : 0);
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
            if (takeFault(Fault.RATE_LIMITED) != null) {
                synchronized (this) {
                    rateLimited++;
                }
                a = rateLimitedAnswer();
            } else if (!requests.take(1)) {
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
        executor.shutdownNow(); // a benchmark starts 150 fakes: their threads go with them
    }
}
