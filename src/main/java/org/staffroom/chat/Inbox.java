package org.staffroom.chat;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Hands recorded events to the features, off the adapters' threads. Events of one channel are
 * handled in order on one lane; interactions (commands, buttons, forms) have lanes of their own so
 * that a busy channel never delays an answer a person is waiting for. On start, events recorded
 * but never handled (the process died) are handled now; and on every tick, events whose handling
 * was claimed by an instance that then died (a claim older than five minutes) are handed over
 * again: the platform's redelivery of such an event is recognised as a duplicate, so nothing else
 * would ever handle it.
 */
@Component
class Inbox implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Inbox.class);
    private static final int CHANNEL_LANES = 4;
    private static final int INTERACTION_THREADS = 4;
    private static final Duration CLAIM_TIMEOUT = Duration.ofMinutes(5);

    private final JdbcClient jdbc;
    private final ApplicationEventPublisher publisher;
    private final Clock clock;
    private final String instance = "inbox-" + UUID.randomUUID().toString().substring(0, 8);
    private final ExecutorService[] lanes = new ExecutorService[CHANNEL_LANES];
    /** Events submitted here and not finished: a sweep must not hand them in twice. */
    private final Set<Long> queued = ConcurrentHashMap.newKeySet();
    private ExecutorService interactions;
    private volatile boolean running;

    Inbox(JdbcClient jdbc, ApplicationEventPublisher publisher, Clock clock) {
        this.jdbc = jdbc;
        this.publisher = publisher;
        this.clock = clock;
    }

    CompletableFuture<Void> submit(long id, ChatEvent event) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        queued.add(id);
        executorFor(event).execute(() -> {
            try {
                handle(id, event);
            } finally {
                queued.remove(id);
                done.complete(null);
            }
        });
        return done;
    }

    @EventListener
    void on(Tick tick) {
        resubmitAbandoned();
    }

    /** Hands in again events recorded or claimed more than the claim timeout ago and still not handled. */
    void resubmitAbandoned() {
        List<Object[]> abandoned = jdbc.sql("""
                select id, payload from inbound_event
                where state = 'RECEIVED' and coalesce(claimed_at, received_at) < ?
                order by id""")
                .param(InboundEvents.utc(clock.instant().minus(CLAIM_TIMEOUT)))
                .query((rs, n) -> new Object[] {rs.getLong(1), rs.getString(2)}).list();
        for (Object[] row : abandoned) {
            long id = (Long) row[0];
            if (queued.contains(id)) continue;
            log.info("Handling event {}: it was claimed by an instance that never finished it", id);
            try {
                submit(id, ChatJson.read((String) row[1], ChatEvent.class));
            } catch (RuntimeException e) {
                log.error("Stored event {} cannot be read; marking it failed", id, e);
                jdbc.sql("update inbound_event set state = 'FAILED' where id = ?").param(id).update();
            }
        }
    }

    private ExecutorService executorFor(ChatEvent event) {
        ensureStarted();
        String channel = channelOf(event);
        if (channel == null) return interactions;
        return lanes[Math.floorMod(channel.hashCode(), CHANNEL_LANES)];
    }

    private static String channelOf(ChatEvent e) {
        if (e instanceof ChatEvent.MessagePosted m) return m.message().channel().key();
        if (e instanceof ChatEvent.MessageEdited m) return m.message().channel().key();
        if (e instanceof ChatEvent.MessageDeleted m) return m.message().channel().key();
        if (e instanceof ChatEvent.ReactionAdded r) return r.message().channel().key();
        if (e instanceof ChatEvent.ReactionRemoved r) return r.message().channel().key();
        return null;
    }

    private void handle(long id, ChatEvent event) {
        int claimed = jdbc.sql("""
                update inbound_event set claimed_by = ?, claimed_at = ?
                where id = ? and state = 'RECEIVED' and (claimed_by is null or claimed_by = ? or claimed_at < ?)""")
                .params(instance, InboundEvents.utc(clock.instant()), id, instance,
                        InboundEvents.utc(clock.instant().minus(CLAIM_TIMEOUT)))
                .update();
        if (claimed == 0) return;
        try {
            // Listeners run in their own transactions; a failing one is logged by the
            // multicaster's error handler and does not stop the others.
            publisher.publishEvent(event);
        } catch (RuntimeException e) {
            log.error("Handling {} {} failed", event.getClass().getSimpleName(), event.eventId(), e);
        }
        // Handled: keep the keys (to recognise redeliveries) but not what people wrote.
        jdbc.sql("update inbound_event set state = 'DONE', processed_at = ?, payload = '{}' where id = ?")
                .params(InboundEvents.utc(clock.instant()), id).update();
    }

    @Override
    public synchronized void start() {
        ensureStarted();
        running = true;
        List<Object[]> pending = jdbc.sql("select id, payload from inbound_event where state = 'RECEIVED' order by id")
                .query((rs, n) -> new Object[] {rs.getLong(1), rs.getString(2)}).list();
        if (!pending.isEmpty()) log.info("Handling {} event(s) received before the last stop", pending.size());
        for (Object[] row : pending) {
            try {
                submit((Long) row[0], ChatJson.read((String) row[1], ChatEvent.class));
            } catch (RuntimeException e) {
                log.error("Stored event {} cannot be read; marking it failed", row[0], e);
                jdbc.sql("update inbound_event set state = 'FAILED' where id = ?").param(row[0]).update();
            }
        }
    }

    private synchronized void ensureStarted() {
        if (interactions != null) return;
        AtomicInteger n = new AtomicInteger();
        for (int i = 0; i < CHANNEL_LANES; i++) {
            int lane = i;
            lanes[i] = Executors.newSingleThreadExecutor(r -> daemon(r, "inbox-lane-" + lane));
        }
        interactions = Executors.newFixedThreadPool(INTERACTION_THREADS, r -> daemon(r, "inbox-interaction-" + n.incrementAndGet()));
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** Waits until everything submitted so far has been handled (tests and orderly shutdown). */
    void drain(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            long backlog = jdbc.sql("select count(*) from inbound_event where state = 'RECEIVED'").query(Long.class).single();
            if (backlog == 0) return;
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public synchronized void stop() {
        running = false;
        for (ExecutorService lane : lanes) {
            if (lane != null) lane.shutdown();
        }
        if (interactions != null) interactions.shutdown();
        try {
            for (ExecutorService lane : lanes) {
                if (lane != null) lane.awaitTermination(5, TimeUnit.SECONDS);
            }
            if (interactions != null) interactions.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        interactions = null;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        // Start after the database is ready and stop before adapters stop handing events in.
        return 100;
    }
}
