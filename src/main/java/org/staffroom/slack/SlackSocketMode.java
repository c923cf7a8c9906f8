package org.staffroom.slack;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import com.slack.api.bolt.socket_mode.SocketModeApp;
import com.slack.api.socket_mode.SocketModeClient;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import org.staffroom.chat.PlatformReconnected;
import org.staffroom.chat.spi.ConnectorStatus;
import org.staffroom.config.Platform;
import org.staffroom.config.Pools;

/**
 * The Socket Mode connection: opened in the background at start (the app starts even when Slack
 * is unreachable), retried with growing, jittered waits (a 429 on apps.connections.open makes
 * Bolt's start fail; it must not become a tight loop), and watched. Bolt itself reconnects on a
 * {@code disconnect} envelope and, within seconds, on a dropped or silent socket; the watchdog
 * reports the state for health and, should a connection stay unhealthy (Bolt's own monitor can
 * die on an unexpected error), replaces the client altogether. Every new socket after the first
 * (Bolt's reconnects, seen by the {@code hello} on a new URL, and the watchdog's new clients) is
 * announced as {@link PlatformReconnected}, so state that lives in reactions is read back.
 */
@Component
@Conditional(SlackConditions.SocketMode.class)
class SlackSocketMode implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(SlackSocketMode.class);

    private final SlackBolt bolt;
    private final SlackProperties properties;
    private final Clock clock;
    private ScheduledExecutorService scheduler;
    private volatile SocketModeApp socket;
    private volatile boolean running;
    private volatile ConnectorStatus status =
            new ConnectorStatus(ConnectorStatus.State.CONNECTING, "connecting to Slack");
    private volatile Instant lastHealthy;
    private volatile int failedAttempts;
    private final ApplicationEventPublisher events;
    private ExecutorService announcer;
    private volatile boolean everConnected;
    private final AtomicInteger reconnects = new AtomicInteger();
    private final SlackEnvelopes envelopes;
    private volatile ExecutorService envelopeWorkers;

    /** Envelopes waiting for a worker; one beyond is not acknowledged, and Slack sends it again. */
    static final int ENVELOPE_QUEUE = 1_000;

    private final boolean virtualThreads;

    SlackSocketMode(
            SlackBolt bolt,
            SlackProperties properties,
            Clock clock,
            ApplicationEventPublisher events,
            Environment env) {
        this.virtualThreads = Pools.virtual(env);
        this.bolt = bolt;
        this.envelopes = bolt == null ? null : new SlackEnvelopes(bolt.app()); // null: only its backoff is used
        this.properties = properties;
        this.clock = clock;
        this.events = events;
    }

    /** New sockets opened after the first one since start (for health details and tests). */
    int reconnects() {
        return reconnects.get();
    }

    ConnectorStatus status() {
        return status;
    }

    @Override
    public synchronized void start() {
        if (running) return;
        running = true;
        // The first connect and the watchdog, one retry at a time: nothing can pile up.
        scheduler = Pools.timer("slack-socket-mode-");
        // Reconciliation reads the platform back: not on the connection's own threads. A reconnect
        // refused while 16 wait is not lost: the ones waiting read the same state back.
        announcer = Pools.io("slack-reconnected-", 1, 16, virtualThreads);
        // Envelopes are handled on workers of their own: one slow listener holds up no other envelope.
        envelopeWorkers = Pools.io("slack-envelope-", properties.socketConcurrency(), ENVELOPE_QUEUE, virtualThreads);
        scheduler.execute(this::connect);
        long every = properties.watchdogInterval().toMillis();
        scheduler.scheduleWithFixedDelay(this::watch, every, every, TimeUnit.MILLISECONDS);
    }

    /**
     * Opens a new client; on failure tries again later with a longer wait. Holds the lifecycle's
     * lock, so a {@link #stop()} waits for an attempt under way and closes what it opened, rather
     * than leave a socket opened just after the stop alive (it would take another instance's
     * envelopes and never answer them).
     */
    private synchronized void connect() {
        if (!running) return;
        SocketModeApp app = null;
        try {
            app = new SocketModeApp(this::newClient, bolt.app());
            socket = app;
            // A failed apps.connections.open throws from newClient(), or from Bolt's reconnect:
            // any exception here means "not connected, try later".
            app.startAsync();
            // Bolt closes the old socket itself just after opening a new one: check the current
            // one a moment later rather than report every close as an outage.
            app.getClient().addWebSocketCloseListener((code, reason) -> {
                if (running) scheduler.schedule(this::watch, 1, TimeUnit.SECONDS);
            });
            watchForNewSockets(app.getClient());
            if (everConnected) announce("a new Socket Mode client");
            everConnected = true;
            failedAttempts = 0;
            lastHealthy = Instant.now();
            status = ConnectorStatus.up("Socket Mode connected");
            log.info("Slack Socket Mode connected");
        } catch (Exception e) {
            int attempt = ++failedAttempts;
            Duration wait = backoff(attempt);
            log.warn(
                    "Slack Socket Mode could not connect (attempt {}): {}; trying again in {} s",
                    attempt,
                    e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage(),
                    wait.toSeconds());
            status = ConnectorStatus.down("cannot connect to Slack (attempt " + attempt + "): "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
            close(app);
            if (socket == app) socket = null;
            if (running) scheduler.schedule(this::connect, wait.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Bolt opens a new socket by itself after a {@code disconnect} envelope or a failed ping, each
     * with a new URL (a new ticket); Slack greets every socket with {@code hello}. A hello on a URL
     * other than the one already known is a new socket: announced.
     */
    private void watchForNewSockets(SocketModeClient client) {
        AtomicReference<URI> known = new AtomicReference<>(client.getWssUri());
        client.addWebSocketMessageListener(message -> {
            if (!message.contains("\"hello\"") || !isHello(message)) return;
            URI now = client.getWssUri();
            URI before = known.getAndSet(now);
            if (before != null && !before.equals(now)) announce("a new Socket Mode connection");
        });
    }

    private static boolean isHello(String message) {
        try {
            JsonElement type = JsonParser.parseString(message).getAsJsonObject().get("type");
            return type != null && "hello".equals(type.getAsString());
        } catch (RuntimeException e) {
            return false;
        }
    }

    private void announce(String reason) {
        int n = reconnects.incrementAndGet();
        log.info("Slack Socket Mode: {} ({} since start); reading back what may have been missed", reason, n);
        ExecutorService executor = announcer;
        if (executor == null || !running) return;
        try {
            executor.execute(
                    () -> events.publishEvent(new PlatformReconnected(Platform.SLACK, reason, clock.instant())));
        } catch (RejectedExecutionException e) {
            log.debug("Not announcing a reconnect while stopping");
        }
    }

    /** 2 s, 4 s, 8 s … up to a minute, each ±25 %, so instances do not retry in step. */
    Duration backoff(int attempt) {
        long base = properties.reconnectBackoff().toMillis() << Math.min(attempt - 1, 16);
        base = Math.min(base, properties.longestBackoff().toMillis());
        double jitter = 0.75 + ThreadLocalRandom.current().nextDouble() * 0.5;
        return Duration.ofMillis(Math.max(100, (long) (base * jitter)));
    }

    /** Pings the socket; reports the state; replaces a client that stayed unhealthy too long. */
    private void watch() {
        if (!running) return;
        SocketModeApp app = socket;
        if (app == null || app.getClient() == null) return; // a connect attempt is scheduled
        boolean healthy;
        try {
            healthy = app.getClient().verifyConnection();
        } catch (RuntimeException e) {
            healthy = false;
        }
        // Real time, not the business clock: how long a socket has been silent is wall-clock time.
        Instant now = Instant.now();
        if (healthy) {
            lastHealthy = now;
            if (status.state() != ConnectorStatus.State.UP) log.info("Slack Socket Mode connection is healthy again");
            status = ConnectorStatus.up("Socket Mode connected");
            return;
        }
        markDown("no answer to pings from Slack; reconnecting");
        if (lastHealthy != null && Duration.between(lastHealthy, now).compareTo(properties.restartAfter()) > 0) {
            log.warn("Slack Socket Mode has been unhealthy since {}; replacing the client", lastHealthy);
            socket = null;
            close(app);
            lastHealthy = now;
            connect();
        }
    }

    private void markDown(String reason) {
        if (status.state() == ConnectorStatus.State.UP) log.warn("Slack Socket Mode: {}", reason);
        status = ConnectorStatus.down(reason);
    }

    /**
     * A client whose envelopes {@link SlackEnvelopes} hands to Bolt on the envelope workers, rather than
     * Bolt's own runner, so every envelope is acknowledged whatever it holds. Opening it asks Slack for
     * a socket URL: a refusal throws, and the connect attempt is retried later.
     */
    private SocketModeClient newClient() {
        try {
            SocketModeClient client =
                    bolt.app().slack().socketMode(properties.appToken(), SocketModeClient.Backend.JavaWebSocket);
            client.addWebSocketMessageListener(frame -> {
                ExecutorService workers = envelopeWorkers;
                if (workers == null) return;
                try {
                    workers.execute(() -> envelopes.handle(frame, client));
                } catch (RejectedExecutionException e) {
                    log.debug("A Slack envelope arrived while stopping; Slack will send it again");
                }
            });
            return client;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void close(SocketModeApp app) {
        if (app == null) return;
        SocketModeClient client = app.getClient();
        try {
            app.close();
        } catch (Exception e) {
            log.debug("Closing the Socket Mode app: {}", e.toString());
        }
        if (client != null) {
            try {
                // SocketModeApp.close() leaves the client's own executors running.
                client.close();
            } catch (Exception e) {
                log.debug("Closing the Socket Mode client: {}", e.toString());
            }
            closeLateSocket(client);
        }
    }

    /**
     * Bolt opens a socket asynchronously, and closing its client while that is under way does not
     * stop it: the socket opens just afterwards, Slack greets it and sends it envelopes that the
     * closed client never answers (Slack retries them only much later). For half a minute after a
     * close, such a socket is closed as soon as it is open: every 100 ms for the first 3 s, when it
     * usually opens, then every second, since on a loaded machine the opening can take longer.
     */
    private void closeLateSocket(SocketModeClient client) {
        for (int i = 1; i <= 30; i++) reap(client, i * 100L);
        for (int i = 4; i <= 30; i++) reap(client, i * 1000L);
    }

    private void reap(SocketModeClient client, long afterMillis) {
        reaper.schedule(
                () -> {
                    try {
                        client.disconnect();
                    } catch (Exception e) {
                        log.debug("Closing a late Socket Mode socket: {}", e.toString());
                    }
                },
                afterMillis,
                TimeUnit.MILLISECONDS);
    }

    /**
     * Closes late sockets, also after {@link #stop()} (they open after it). Shut down with the bean:
     * the closings already planned still run (a scheduled pool's default), then its thread ends.
     */
    private final ScheduledExecutorService reaper = Pools.timer("slack-socket-closer-");

    @PreDestroy
    void shutDownReaper() {
        reaper.shutdown();
    }

    @Override
    public synchronized void stop() {
        running = false;
        if (scheduler != null) scheduler.shutdownNow();
        if (announcer != null) announcer.shutdownNow();
        close(socket);
        if (envelopeWorkers != null) envelopeWorkers.shutdownNow();
        envelopeWorkers = null;
        socket = null;
        status = ConnectorStatus.down("stopped");
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** After the inbox (100) and the delivery sender (200) start; stops before they do. */
    @Override
    public int getPhase() {
        return 300;
    }
}
