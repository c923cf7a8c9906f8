package org.staffroom.slack;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import com.slack.api.bolt.response.Response;
import com.slack.api.bolt.socket_mode.SocketModeApp;
import com.slack.api.socket_mode.SocketModeClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Conditional;
import org.springframework.stereotype.Component;

import org.staffroom.chat.spi.ConnectorStatus;

/**
 * The Socket Mode connection: opened in the background at start (the app starts even when Slack
 * is unreachable), retried with growing, jittered waits (a 429 on apps.connections.open makes
 * Bolt's start fail; it must not become a tight loop), and watched. Bolt itself reconnects on a
 * {@code disconnect} envelope and, within seconds, on a dropped or silent socket; the watchdog
 * reports the state for health and, should a connection stay unhealthy (Bolt's own monitor can
 * die on an unexpected error), replaces the client altogether.
 */
@Component
@Conditional(SlackConditions.SocketMode.class)
class SlackSocketMode implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(SlackSocketMode.class);
    private static final Duration LONGEST_BACKOFF = Duration.ofSeconds(60);

    private final SlackBolt bolt;
    private final SlackProperties properties;
    private final Clock clock;
    private ScheduledExecutorService scheduler;
    private volatile SocketModeApp socket;
    private volatile boolean running;
    private volatile ConnectorStatus status = new ConnectorStatus(ConnectorStatus.State.CONNECTING, "connecting to Slack");
    private volatile Instant lastHealthy;
    private volatile int failedAttempts;

    SlackSocketMode(SlackBolt bolt, SlackProperties properties, Clock clock) {
        this.bolt = bolt;
        this.properties = properties;
        this.clock = clock;
    }

    ConnectorStatus status() {
        return status;
    }

    @Override
    public synchronized void start() {
        if (running) return;
        running = true;
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "slack-socket-mode");
            t.setDaemon(true);
            return t;
        });
        scheduler.execute(this::connect);
        long every = properties.watchdogInterval().toMillis();
        scheduler.scheduleWithFixedDelay(this::watch, every, every, TimeUnit.MILLISECONDS);
    }

    /** Opens a new client; on failure tries again later with a longer wait. */
    private void connect() {
        if (!running) return;
        SocketModeApp app = null;
        try {
            app = new SocketModeApp(properties.appToken(), bolt.app(), SocketModeClient.Backend.JavaWebSocket,
                    SlackSocketMode::unhandled, properties.socketConcurrency());
            socket = app;
            // Bolt's client factory swallows a failed apps.connections.open and startAsync then
            // throws a NullPointerException: any exception here means "not connected, try later".
            app.startAsync();
            // Bolt closes the old socket itself just after opening a new one: check the current
            // one a moment later rather than report every close as an outage.
            app.getClient().addWebSocketCloseListener((code, reason) -> {
                if (running) scheduler.schedule(this::watch, 1, TimeUnit.SECONDS);
            });
            failedAttempts = 0;
            lastHealthy = clock.instant();
            status = ConnectorStatus.up("Socket Mode connected");
            log.info("Slack Socket Mode connected");
        } catch (Exception e) {
            int attempt = ++failedAttempts;
            Duration wait = backoff(attempt);
            log.warn("Slack Socket Mode could not connect (attempt {}): {}; trying again in {} s", attempt,
                    e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage(), wait.toSeconds());
            status = ConnectorStatus.down("cannot connect to Slack (attempt " + attempt + "): "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
            close(app);
            if (socket == app) socket = null;
            if (running) scheduler.schedule(this::connect, wait.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** 2 s, 4 s, 8 s … up to a minute, each ±25 %, so instances do not retry in step. */
    Duration backoff(int attempt) {
        long base = properties.reconnectBackoff().toMillis() << Math.min(attempt - 1, 16);
        base = Math.min(base, LONGEST_BACKOFF.toMillis());
        double jitter = 0.75 + ThreadLocalRandom.current().nextDouble() * 0.5;
        return Duration.ofMillis(Math.max(100, (long) (base * jitter)));
    }

    /** Pings the socket; reports the state; replaces a client that stayed unhealthy too long. */
    private void watch() {
        if (!running) return;
        SocketModeApp app = socket;
        if (app == null || app.getClient() == null) return;   // a connect attempt is scheduled
        boolean healthy;
        try {
            healthy = app.getClient().verifyConnection();
        } catch (RuntimeException e) {
            healthy = false;
        }
        Instant now = clock.instant();
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

    /** Bolt's error handler: no ack, so Slack sends the envelope again. The payload is not logged. */
    private static Response unhandled(SocketModeApp.ErrorContext context) {
        Exception e = context.getException();
        log.error("A Slack envelope could not be handled and was not acknowledged (Slack will send it again): {}",
                e == null ? "?" : e.toString());
        return null;
    }

    private static void close(SocketModeApp app) {
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
        }
    }

    @Override
    public synchronized void stop() {
        running = false;
        if (scheduler != null) scheduler.shutdownNow();
        close(socket);
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
