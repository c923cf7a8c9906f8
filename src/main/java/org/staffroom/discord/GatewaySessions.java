package org.staffroom.discord;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happened to the gateway session: new sessions (IDENTIFY), resumes (missed events replayed),
 * and recreations after an INVALID_SESSION (nothing replayed: reactions given meanwhile are lost
 * until reconciled). Counted for the status line and as the metric
 * {@code staffroom.discord.gateway.sessions{outcome=identified|resumed|recreated|disconnected}}, so
 * reconciliation (issue 10) and operators can see when state may have been missed.
 * Also keeps a tag per session, which with the dispatch sequence number identifies a gateway event.
 */
class GatewaySessions {

    private static final Logger log = LoggerFactory.getLogger(GatewaySessions.class);

    private final AtomicLong identified = new AtomicLong();
    private final AtomicLong resumed = new AtomicLong();
    private final AtomicLong recreated = new AtomicLong();
    private final AtomicLong disconnected = new AtomicLong();
    private final Counter identifiedCounter;
    private final Counter resumedCounter;
    private final Counter recreatedCounter;
    private final Counter disconnectedCounter;
    private volatile String tag = newTag();
    private volatile Instant lastRecreated;

    GatewaySessions(MeterRegistry registry) {
        this.identifiedCounter = counter(registry, "identified");
        this.resumedCounter = counter(registry, "resumed");
        this.recreatedCounter = counter(registry, "recreated");
        this.disconnectedCounter = counter(registry, "disconnected");
    }

    private static Counter counter(MeterRegistry registry, String outcome) {
        return registry == null
                ? null
                : Counter.builder("staffroom.discord.gateway.sessions")
                        .tag("outcome", outcome)
                        .description("Discord gateway sessions by outcome")
                        .register(registry);
    }

    void identified() {
        tag = newTag();
        identified.incrementAndGet();
        if (identifiedCounter != null) identifiedCounter.increment();
    }

    void resumed() {
        resumed.incrementAndGet();
        if (resumedCounter != null) resumedCounter.increment();
        log.info("Discord gateway session resumed; missed events are replayed");
    }

    void recreated(Instant at) {
        tag = newTag();
        lastRecreated = at;
        long n = recreated.incrementAndGet();
        if (recreatedCounter != null) recreatedCounter.increment();
        log.warn(
                "Discord invalidated the gateway session and a new one was identified ({} so far): events sent "
                        + "meanwhile were not replayed, so reactions and messages since the disconnect must be reconciled",
                n);
    }

    void disconnected() {
        disconnected.incrementAndGet();
        if (disconnectedCounter != null) disconnectedCounter.increment();
    }

    /** Identifies the current session; with a sequence number, a dispatch. */
    String tag() {
        return tag;
    }

    long identifiedCount() {
        return identified.get();
    }

    long resumedCount() {
        return resumed.get();
    }

    long recreatedCount() {
        return recreated.get();
    }

    Instant lastRecreated() {
        return lastRecreated;
    }

    String summary() {
        return "sessions: " + identified.get() + " identified, " + resumed.get() + " resumed, " + recreated.get()
                + " recreated" + (lastRecreated == null ? "" : " (last " + lastRecreated + ")");
    }

    private static String newTag() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
