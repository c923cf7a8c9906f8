package org.staffroom.chat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.staffroom.config.Pools;

/**
 * Hands recorded events to the features, off the adapters' threads. Events of one channel are
 * handled in order on one lane; interactions (commands, buttons, forms) have lanes of their own so
 * that a busy channel never delays an answer a person is waiting for. On start, events recorded
 * but never handled (the process died) are handled now; and on every tick, events whose handling
 * was claimed by an instance that then died (a claim older than five minutes) are handed over
 * again: the platform's redelivery of such an event is recognised as a duplicate, so nothing else
 * would ever handle it. Each feature gets the event on its own ({@link ChatListeners}); a failure is
 * recorded as FAILED with its error, tried again with a growing wait ({@link #MAX_ATTEMPTS} tries in
 * all) for the features that failed only, and shown to admins.
 */
@Component
class Inbox implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Inbox.class);
    private static final int CHANNEL_LANES = 4;
    private static final int INTERACTION_THREADS = 4;
    /**
     * Events waiting in memory per lane: far above any burst the tests and benches make (a 200-person PD
     * chat at 5 messages/s fills under a tenth of it in a minute of stall), so it bounds memory, not work.
     * Beyond it an event waits as a row and is handed in again by the tick.
     */
    private static final int LANE_QUEUE = 10_000;

    private static final Duration CLAIM_TIMEOUT = Duration.ofMinutes(5);
    /** Tries in all for an event a listener fails on: the first and four retries. */
    static final int MAX_ATTEMPTS = 5;
    /** The wait before the first retry; it quadruples after each (1, 4, 16, 64 minutes). */
    static final Duration FIRST_RETRY = Duration.ofMinutes(1);

    private static final int ERROR_LENGTH = 2000;

    private final InboxStore store;
    private final ChatListeners listeners;
    private final Clock clock;
    private final String instance = "inbox-" + UUID.randomUUID().toString().substring(0, 8);
    private final ExecutorService[] lanes = new ExecutorService[CHANNEL_LANES];
    /** Events submitted here and not finished: a sweep must not hand them in twice. */
    private final Set<Long> queued = ConcurrentHashMap.newKeySet();

    private ExecutorService interactions;
    private volatile boolean running;

    Inbox(InboxStore store, ChatListeners listeners, Clock clock) {
        this.store = store;
        this.listeners = listeners;
        this.clock = clock;
    }

    CompletableFuture<Void> submit(long id, ChatEvent event) {
        return submit(id, event, () -> handle(id, event));
    }

    private CompletableFuture<Void> submit(long id, ChatEvent event, Runnable work) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        queued.add(id);
        try {
            executorFor(event).execute(() -> {
                try {
                    work.run();
                } finally {
                    queued.remove(id);
                    done.complete(null);
                }
            });
        } catch (RejectedExecutionException e) {
            // A full lane (or one closing): the event is a row already, so nothing is lost; the tick hands
            // it in again once it counts as abandoned (resubmitAbandoned).
            queued.remove(id);
            done.complete(null);
            log.warn("Inbox lane full or stopping; event {} waits in the database for the next pass", id);
        }
        return done;
    }

    @EventListener
    void on(Tick tick) {
        resubmitAbandoned();
        retryFailed();
    }

    /** Hands in again events recorded or claimed more than the claim timeout ago and still not handled. */
    void resubmitAbandoned() {
        for (InboxStore.Stored row : store.abandoned(clock.instant().minus(CLAIM_TIMEOUT))) {
            if (queued.contains(row.id())) continue;
            log.info("Handling event {}: it was claimed by an instance that never finished it", row.id());
            read(row).ifPresent(event -> submit(row.id(), event));
        }
    }

    /**
     * Tries again, on their lanes, the failed handlings whose wait is over, giving each only to the
     * listeners that failed on it. Returns when they are handed in; {@link #drain} waits for them.
     */
    List<CompletableFuture<Void>> retryFailed() {
        List<CompletableFuture<Void>> out = new java.util.ArrayList<>();
        Instant now = clock.instant();
        for (InboxStore.Stored row : store.dueForRetry(now)) {
            if (queued.contains(row.id()) || !store.claimRetry(row.id(), instance, now)) continue;
            Optional<ChatEvent> event = read(row);
            if (event.isEmpty()) continue;
            Set<String> only = row.failedListeners() == null
                    ? null
                    : Set.of(row.failedListeners().split("\n"));
            log.info("Trying event {} again for {}", row.id(), only);
            out.add(submit(row.id(), event.get(), () -> deliver(row.id(), event.get(), only)));
        }
        return out;
    }

    private Optional<ChatEvent> read(InboxStore.Stored row) {
        try {
            return Optional.of(ChatJson.read(row.payload(), ChatEvent.class));
        } catch (RuntimeException e) {
            log.error("Stored event {} cannot be read; marking it failed", row.id(), e);
            store.unreadable(row.id(), describe(e), clock.instant());
            return Optional.empty();
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
        if (e instanceof ChatEvent.MessageDeleted m)
            return m.message().channel().key();
        if (e instanceof ChatEvent.ReactionAdded r) return r.message().channel().key();
        if (e instanceof ChatEvent.ReactionRemoved r)
            return r.message().channel().key();
        return null;
    }

    private void handle(long id, ChatEvent event) {
        Instant now = clock.instant();
        if (!store.claim(id, instance, now, now.minus(CLAIM_TIMEOUT))) return;
        deliver(id, event, null);
    }

    /**
     * Gives the event to every feature (or, on a retry, to those that failed on it), each on its own
     * so one failing does not stop the others; then records DONE, or FAILED with the error.
     */
    private void deliver(long id, ChatEvent event, Set<String> only) {
        List<ChatListeners.Failure> failures;
        try {
            failures = listeners.deliver(event, only);
        } catch (RuntimeException e) {
            failures = List.of(new ChatListeners.Failure("inbox", e));
        }
        Instant now = clock.instant();
        if (failures.isEmpty()) {
            store.done(id, now);
            return;
        }
        int attempts = store.attempts(id) + 1;
        // An interaction is answered at once ("something went wrong, try again") and its platform
        // token expires within minutes: the person tries again, the inbox does not.
        boolean retry = attempts < MAX_ATTEMPTS && !isInteraction(event);
        Instant retryAt = retry ? now.plus(FIRST_RETRY.multipliedBy(1L << (2 * (attempts - 1)))) : null;
        String error = String.join(
                "\n",
                failures.stream()
                        .map(f -> f.listener() + ": " + describe(f.error()))
                        .toList());
        String failed = String.join(
                "\n", failures.stream().map(ChatListeners.Failure::listener).toList());
        for (ChatListeners.Failure f : failures) {
            log.error(
                    "Handling {} {} failed in {} (attempt {}{})",
                    event.getClass().getSimpleName(),
                    event.eventId(),
                    f.listener(),
                    attempts,
                    retry ? ", tried again at " + retryAt : ", not tried again",
                    f.error());
        }
        store.failed(
                id,
                error.length() > ERROR_LENGTH ? error.substring(0, ERROR_LENGTH) : error,
                failed,
                attempts,
                now,
                retryAt);
    }

    static boolean isInteraction(ChatEvent event) {
        return event instanceof ChatEvent.CommandInvoked
                || event instanceof ChatEvent.ButtonPressed
                || event instanceof ChatEvent.FormSubmitted
                || event instanceof ChatEvent.MessageActionInvoked;
    }

    private static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        String text = e.getClass().getSimpleName() + ": " + e.getMessage();
        return root == e
                ? text
                : text + " (caused by " + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
    }

    @Override
    public synchronized void start() {
        ensureStarted();
        running = true;
        List<InboxStore.Stored> pending = store.received();
        if (!pending.isEmpty()) log.info("Handling {} event(s) received before the last stop", pending.size());
        for (InboxStore.Stored row : pending) {
            read(row).ifPresent(event -> submit(row.id(), event));
        }
    }

    private synchronized void ensureStarted() {
        if (interactions != null) return;
        for (int i = 0; i < CHANNEL_LANES; i++) {
            int lane = i;
            lanes[i] = Pools.bounded("inbox-lane-" + lane + "-", 1, LANE_QUEUE);
        }
        interactions = Pools.bounded("inbox-interaction-", INTERACTION_THREADS, LANE_QUEUE);
    }

    /** Waits until everything submitted so far has been handled (tests and orderly shutdown). */
    void drain(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (store.backlog() == 0 && queued.isEmpty()) return;
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
