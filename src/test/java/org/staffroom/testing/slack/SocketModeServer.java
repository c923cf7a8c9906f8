package org.staffroom.testing.slack;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.java_websocket.WebSocket;
import org.java_websocket.exceptions.WebsocketNotConnectedException;
import org.java_websocket.framing.Framedata;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Socket Mode side of the fake: a Java-WebSocket server that greets with {@code hello}, writes
 * envelopes to the newest healthy connection, matches acks to envelopes, and plays the connection faults
 * (disconnect messages, abrupt drops, half-open sockets, redelivery of what was not acked).
 */
final class SocketModeServer extends WebSocketServer {

    private static final Logger log = LoggerFactory.getLogger(SocketModeServer.class);

    /** Per-socket state, attached to the Java-WebSocket connection. */
    static final class Conn {
        final int id;
        final WebSocket socket;
        final String resource;
        final Instant openedAt;
        volatile Instant closedAt;
        volatile int closeCode = -1;
        volatile boolean halfOpen;

        Conn(int id, WebSocket socket, String resource, Instant openedAt) {
            this.id = id;
            this.socket = socket;
            this.resource = resource;
            this.openedAt = openedAt;
        }

        boolean healthy() {
            return closedAt == null && !halfOpen && socket.isOpen();
        }

        ConnectionInfo info() {
            return new ConnectionInfo(id, resource, openedAt, closedAt, closeCode, halfOpen);
        }
    }

    private final Clock clock;
    private final String appId;
    private final CountDownLatch started = new CountDownLatch(1);
    private final Object lock = new Object();
    private final List<Conn> conns = new CopyOnWriteArrayList<>();
    private final Deque<Envelope> pending = new ArrayDeque<>();
    private final List<Envelope> envelopes = new CopyOnWriteArrayList<>();
    private final Map<String, Envelope> byId = new ConcurrentHashMap<>();
    final Recorder<String> inbound = new Recorder<>();
    final Recorder<String> strayAcks = new Recorder<>();
    final Recorder<ConnectionInfo> opened = new Recorder<>();
    private final ScheduledExecutorService retryTimer;

    volatile boolean sendHello = true;
    volatile boolean redeliverOnReconnect = true;
    volatile String redeliveryReason = "timeout";
    volatile boolean loseAcks;
    private volatile Duration retryAfter;
    private volatile int maxRetries = 3;

    SocketModeServer(Clock clock, String appId) {
        super(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        this.clock = clock;
        this.appId = appId;
        setReuseAddr(true);
        setDaemon(true);
        this.retryTimer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "fake-slack-socket-retry");
            t.setDaemon(true);
            return t;
        });
        retryTimer.scheduleWithFixedDelay(this::retryOverdue, 50, 50, TimeUnit.MILLISECONDS);
    }

    void startAndWait() throws InterruptedException {
        start();
        if (!started.await(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("Socket Mode server did not start");
        }
    }

    void shutdown() {
        retryTimer.shutdownNow();
        try {
            stop(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ------------------------------------------------------------------ WebSocketServer callbacks

    @Override
    public void onStart() {
        started.countDown();
    }

    @Override
    public void onOpen(WebSocket socket, ClientHandshake handshake) {
        synchronized (lock) {
            Conn c = new Conn(conns.size() + 1, socket, handshake.getResourceDescriptor(), clock.instant());
            socket.setAttachment(c);
            conns.add(c);
            // Recorded before hello goes out: a test that sees the client connected also sees the connection.
            opened.add(c.info());
            if (sendHello) {
                long live = conns.stream().filter(Conn::healthy).count();
                JsonObject hello = Json.obj(
                        "type",
                        "hello",
                        "num_connections",
                        live,
                        "debug_info",
                        Json.obj(
                                "host",
                                "applink-fake-" + c.id,
                                "build_number",
                                1,
                                "approximate_connection_time",
                                18060),
                        "connection_info",
                        Json.obj("app_id", appId));
                socket.send(Json.toJson(hello));
            }
            flushPending();
            if (redeliverOnReconnect) {
                redeliverFromClosedConnections();
            }
        }
    }

    @Override
    public void onClose(WebSocket socket, int code, String reason, boolean remote) {
        Conn c = socket.getAttachment();
        if (c == null) {
            return;
        }
        synchronized (lock) {
            c.closedAt = clock.instant();
            c.closeCode = code;
            if (redeliverOnReconnect) {
                redeliverFromClosedConnections();
            }
        }
    }

    @Override
    public void onMessage(WebSocket socket, String message) {
        Conn c = socket.getAttachment();
        if (c != null && c.halfOpen) {
            return; // a half-open socket loses what the client sends
        }
        if (loseAcks) {
            return; // the client's acks never arrive (it died before they left)
        }
        inbound.add(message);
        JsonObject frame;
        try {
            JsonElement e = Json.parse(message);
            if (!e.isJsonObject()) {
                return;
            }
            frame = e.getAsJsonObject();
        } catch (JsonParseException e) {
            log.warn("FakeSlack: unparseable frame from the Socket Mode client");
            return;
        }
        String envelopeId = Json.str(frame, "envelope_id");
        if (envelopeId == null) {
            return;
        }
        Envelope env = byId.get(envelopeId);
        if (env == null) {
            strayAcks.add(message);
            return;
        }
        JsonElement payload = frame.get("payload");
        env.acked(
                payload != null && payload.isJsonObject() ? payload.getAsJsonObject() : null,
                message,
                clock.instant(),
                c == null ? -1 : c.id);
    }

    @Override
    public void onError(WebSocket socket, Exception ex) {
        log.debug("FakeSlack socket error: {}", ex.toString());
    }

    /** A half-open socket answers no pings, which is how Bolt's session monitor notices it. */
    @Override
    public void onWebsocketPing(WebSocket socket, Framedata f) {
        Conn c = socket.getAttachment();
        if (c != null && c.halfOpen) {
            return;
        }
        super.onWebsocketPing(socket, f);
    }

    // ------------------------------------------------------------------ pushing

    Envelope push(
            String type,
            JsonElement payload,
            boolean acceptsResponsePayload,
            int retryAttempt,
            String retryReason,
            String redeliveryOf) {
        Envelope e = new Envelope(
                UUID.randomUUID().toString(),
                type,
                payload.deepCopy(),
                acceptsResponsePayload,
                retryAttempt,
                retryReason,
                redeliveryOf);
        register(e);
        deliver(e);
        return e;
    }

    /**
     * Envelopes built, registered and serialised ahead of time, for a load generator whose timed part
     * is only the write ({@link #send}).
     */
    List<Envelope> prepare(String type, List<JsonObject> payloads, boolean acceptsResponsePayload) {
        List<Envelope> out = new ArrayList<>(payloads.size());
        for (JsonObject p : payloads) {
            Envelope e =
                    new Envelope(UUID.randomUUID().toString(), type, p.deepCopy(), acceptsResponsePayload, 0, "", null);
            e.toJson();
            byId.put(e.id(), e);
            out.add(e);
        }
        envelopes.addAll(out);
        return out;
    }

    /** Writes a {@link #prepare prepared} envelope to the client. */
    void send(Envelope prepared) {
        deliver(prepared);
    }

    /** Writes the same envelope (same id) again, as a transport-level duplicate. */
    void resend(Envelope e) {
        deliver(e);
    }

    private void register(Envelope e) {
        byId.put(e.id(), e);
        envelopes.add(e);
    }

    private void deliver(Envelope e) {
        synchronized (lock) {
            Conn target = target();
            if (target == null) {
                pending.add(e);
                return;
            }
            write(target, e);
        }
    }

    /** Slack sends each envelope to one connection; the fake picks the newest healthy one. */
    private Conn target() {
        for (int i = conns.size() - 1; i >= 0; i--) {
            Conn c = conns.get(i);
            if (c.healthy()) {
                return c;
            }
        }
        return null;
    }

    private void write(Conn c, Envelope e) {
        e.markSent(c.id, clock.instant());
        try {
            c.socket.send(e.toJson());
        } catch (WebsocketNotConnectedException ex) {
            e.markUnsent(); // it never left, so it is not an orphan of that socket
            pending.addFirst(e);
        }
    }

    private void flushPending() {
        Conn c = target();
        while (c != null && !pending.isEmpty()) {
            write(c, pending.poll());
            c = target();
        }
    }

    /** Envelopes written to a socket that then closed without an ack are retried on a healthy one. */
    private void redeliverFromClosedConnections() {
        List<Envelope> orphans = envelopes.stream()
                .filter(e -> !e.acked() && !e.superseded() && e.connectionId() > 0)
                .filter(e -> conns.get(e.connectionId() - 1).closedAt != null)
                .collect(Collectors.toList());
        for (Envelope e : orphans) {
            retry(e, redeliveryReason);
        }
    }

    /** Time-based retries, like Slack's for un-acked Events API deliveries (compressed for tests). */
    private void retryOverdue() {
        Duration after = retryAfter;
        if (after == null) {
            return;
        }
        long now = System.nanoTime();
        synchronized (lock) {
            for (Envelope e : envelopes) {
                if (!e.acked()
                        && !e.superseded()
                        && e.sentAt() != null
                        && e.retryAttempt() < maxRetries
                        && now - e.sentNanos() >= after.toNanos()) {
                    retry(e, redeliveryReason);
                }
            }
        }
    }

    /** A retry is a new envelope with the same payload and {@code retry_attempt + 1}. */
    Envelope retry(Envelope e, String reason) {
        synchronized (lock) {
            e.markSuperseded();
            String root = e.redeliveryOf() != null ? e.redeliveryOf() : e.id();
            Envelope r = new Envelope(
                    UUID.randomUUID().toString(),
                    e.type(),
                    e.rawPayload(),
                    e.acceptsResponsePayload(),
                    e.retryAttempt() + 1,
                    reason,
                    root);
            register(r);
            deliver(r);
            return r;
        }
    }

    // ------------------------------------------------------------------ connection faults

    /** Sends {@code disconnect} on healthy sockets; with {@code closeAfter}, closes them then, as Slack does. */
    void sendDisconnect(String reason, Duration closeAfter) {
        String frame = Json.toJson(
                Json.obj("type", "disconnect", "reason", reason, "debug_info", Json.obj("host", "applink-fake")));
        List<Conn> told = new ArrayList<>();
        for (Conn c : conns) {
            if (c.healthy()) {
                c.socket.send(frame);
                told.add(c);
            }
        }
        if (closeAfter != null) {
            retryTimer.schedule(
                    () -> told.stream()
                            .filter(c -> c.closedAt == null)
                            .forEach(c -> c.socket.close(1000, "disconnect: " + reason)),
                    closeAfter.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
    }

    /** Closes every open socket without a close frame (the client sees code 1006). */
    void dropConnections() {
        for (Conn c : conns) {
            if (c.closedAt == null) {
                c.socket.closeConnection(1006, "dropped by FakeSlack");
            }
        }
    }

    /** Current sockets stay open but go silent: no pongs, nothing written, nothing read. */
    void halfOpen() {
        for (Conn c : conns) {
            if (c.closedAt == null) {
                c.halfOpen = true;
            }
        }
    }

    void retryUnackedAfter(Duration after, int max) {
        this.retryAfter = after;
        this.maxRetries = max;
    }

    // ------------------------------------------------------------------ queries

    List<ConnectionInfo> connections() {
        return conns.stream().map(Conn::info).collect(Collectors.toList());
    }

    int openConnections() {
        return (int) conns.stream().filter(Conn::healthy).count();
    }

    List<Envelope> envelopes() {
        return new ArrayList<>(envelopes);
    }

    Envelope envelope(String id) {
        return byId.get(id);
    }

    int pendingCount() {
        synchronized (lock) {
            return pending.size();
        }
    }
}
