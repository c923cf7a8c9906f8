package org.staffroom.testing.slack;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Socket Mode envelope the fake pushed (or queued to push), with its acknowledgement state.
 * Thread-safe: the socket threads complete it while tests read it.
 */
public final class Envelope {

    private final String id;
    private final String type;
    /** Normally an object; a test may push anything (Slack has been seen sending a string). */
    private final JsonElement payload;

    private final boolean acceptsResponsePayload;
    private final int retryAttempt;
    private final String retryReason;
    private final String redeliveryOf;
    private final CompletableFuture<Ack> ack = new CompletableFuture<>();
    private final AtomicInteger ackCount = new AtomicInteger();
    private volatile String json;
    private volatile Instant sentAt;
    private volatile long sentNanos;
    private volatile int connectionId = -1;
    /** Set once the fake has scheduled a retry of this envelope, so it is retried at most once. */
    private volatile boolean superseded;

    Envelope(
            String id,
            String type,
            JsonElement payload,
            boolean acceptsResponsePayload,
            int retryAttempt,
            String retryReason,
            String redeliveryOf) {
        this.id = id;
        this.type = type;
        this.payload = payload;
        this.acceptsResponsePayload = acceptsResponsePayload;
        this.retryAttempt = retryAttempt;
        this.retryReason = retryReason;
        this.redeliveryOf = redeliveryOf;
    }

    public String id() {
        return id;
    }

    /** {@code events_api}, {@code slash_commands} or {@code interactive}. */
    public String type() {
        return type;
    }

    /** A copy of the payload (the Events API body, the command, or the interactive payload); null if it is no object. */
    public JsonObject payload() {
        return payload.isJsonObject() ? payload.getAsJsonObject().deepCopy() : null;
    }

    JsonElement rawPayload() {
        return payload.deepCopy();
    }

    public boolean acceptsResponsePayload() {
        return acceptsResponsePayload;
    }

    public int retryAttempt() {
        return retryAttempt;
    }

    public String retryReason() {
        return retryReason;
    }

    /** The envelope this one re-delivers, or null for a first delivery. */
    public String redeliveryOf() {
        return redeliveryOf;
    }

    /** When it was written to a socket; null while it waits for a connection. */
    public Instant sentAt() {
        return sentAt;
    }

    /** The connection it was written to, or -1 while queued. */
    public int connectionId() {
        return connectionId;
    }

    public boolean acked() {
        return ack.isDone();
    }

    /** How many acks arrived for this envelope (more than one is a client bug). */
    public int ackCount() {
        return ackCount.get();
    }

    public Optional<Ack> ack() {
        return Optional.ofNullable(ack.getNow(null));
    }

    public Optional<Duration> ackLatency() {
        return ack().map(Ack::latency);
    }

    /** Waits for the ack; fails the test with an {@link AssertionError} when none arrives in time. */
    public Ack awaitAck(Duration timeout) {
        try {
            return ack.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("no ack for envelope " + id + " (" + type + ") within " + timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for the ack of " + id, e);
        } catch (ExecutionException e) {
            throw new AssertionError(e.getCause());
        }
    }

    /** The frame as written to the socket. */
    public String toJson() {
        // Every field it is made of is final and the payload a private copy: serialised once.
        String j = json;
        if (j == null) json = j = serialise();
        return j;
    }

    private String serialise() {
        JsonObject o = Json.obj(
                "envelope_id", id,
                "type", type,
                "payload", payload,
                "accepts_response_payload", acceptsResponsePayload,
                "retry_attempt", retryAttempt,
                "retry_reason", retryReason == null ? "" : retryReason);
        return Json.toJson(o);
    }

    void markSent(int connection, Instant at) {
        this.connectionId = connection;
        this.sentAt = at;
        this.sentNanos = System.nanoTime();
    }

    void markUnsent() {
        this.connectionId = -1;
        this.sentAt = null;
    }

    long sentNanos() {
        return sentNanos;
    }

    /** Records an ack; only the first completes the future, later ones are counted. */
    void acked(JsonObject ackPayload, String raw, Instant at, int connection) {
        ackCount.incrementAndGet();
        long latencyNanos = sentAt == null ? 0 : System.nanoTime() - sentNanos;
        ack.complete(new Ack(id, ackPayload, raw, at, Duration.ofNanos(latencyNanos), connection));
    }

    boolean superseded() {
        return superseded;
    }

    void markSuperseded() {
        superseded = true;
    }

    @Override
    public String toString() {
        return "Envelope[" + id + " " + type + " attempt=" + retryAttempt + " acked=" + acked() + "]";
    }
}
