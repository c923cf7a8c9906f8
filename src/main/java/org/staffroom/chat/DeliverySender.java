package org.staffroom.chat;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import org.staffroom.chat.spi.DeliveryException;
import org.staffroom.chat.spi.OutboundPost;
import org.staffroom.chat.spi.PlatformConnector;
import org.staffroom.config.Platform;
import org.staffroom.config.Pools;

/**
 * Sends delivery rows: claims each (a conditional update, so one instance sends it), waits for
 * the channel's and platform's pace, sends with the row's key as marker, records the platform's
 * message id. One row per channel is in flight at a time, so a channel sees posts in order.
 * A claim left behind by a crash is resolved by looking for the marker in channel history
 * before sending again.
 */
@Component
class DeliverySender implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DeliverySender.class);

    private final DeliveryStore store;
    private final Connectors connectors;
    private final ApplicationEventPublisher events;
    private final DeliverySettings settings;
    private final String instance = "sender-" + UUID.randomUUID().toString().substring(0, 8);
    private final Pacer pacer = new Pacer();
    private final Set<String> busyLanes = ConcurrentHashMap.newKeySet();
    private final Set<Long> inFlight = ConcurrentHashMap.newKeySet();
    /** Direct-message channels opened, by platform, space and person; bounded (a trust has a few thousand staff). */
    private final Cache<String, ChannelRef> directChannels =
            Caffeine.newBuilder().maximumSize(20_000).build();

    private final Set<Platform> reconnected = ConcurrentHashMap.newKeySet();
    private final Object signal = new Object();
    private volatile boolean wakeRequested;
    private volatile boolean running;
    private Thread loop;
    /**
     * A pool per platform: a sender thread waits in the pacer for its platform's next token, so with one
     * shared pool a fan-out to one platform's channels (paced at its global rate) held every thread and the
     * other platform's posts, answers included, queued behind it.
     */
    private final Map<Platform, ThreadPoolExecutor> senders = new HashMap<>();
    /** Senders on virtual threads (Java 21+ with {@code spring.threads.virtual.enabled}): they wait on the pacer and HTTP. */
    private final boolean virtualThreads;

    private Instant lastStaleCheck = Instant.EPOCH;

    DeliverySender(
            DeliveryStore store,
            Connectors connectors,
            ApplicationEventPublisher events,
            DeliverySettings settings,
            Environment env) {
        this.virtualThreads = Pools.virtual(env);
        this.store = store;
        this.connectors = connectors;
        this.events = events;
        this.settings = settings;
    }

    /**
     * A bounded pool per platform, shut down by {@link #stop()}: {@code senders} at once, and at most
     * {@code lanesPerPass} rows waiting. It cannot overflow: the loop (its one caller) stops handing a
     * platform rows while its queue is full, and those rows stay pending in the table for a later pass.
     */
    private synchronized ThreadPoolExecutor senders(Platform platform) {
        return senders.computeIfAbsent(
                platform,
                p -> Pools.io(
                        "delivery-" + p.name().toLowerCase() + "-",
                        settings.senders(),
                        settings.lanesPerPass(),
                        virtualThreads));
    }

    /**
     * A platform came back after events may have been missed: look at its stale claims now (their
     * markers in channel history) rather than at the next periodic check. Done on the delivery
     * loop, so one pass runs at a time.
     */
    @EventListener
    void on(PlatformReconnected reconnect) {
        reconnected.add(reconnect.platform());
        wake();
    }

    /** Something new may be due: look at the table now rather than at the next tick. */
    void wake() {
        synchronized (signal) {
            wakeRequested = true;
            signal.notifyAll();
        }
    }

    @Override
    public synchronized void start() {
        if (running) return;
        // The pools are made when first needed after a start: a stop shuts and forgets them, so a stopped
        // sender may be started again (Spring pauses and resumes cached contexts).
        running = true;
        recoverStale(null);
        loop = new Thread(this::run, "delivery-loop");
        loop.setDaemon(true);
        loop.start();
    }

    private void run() {
        while (running) {
            try {
                pollOnce();
                synchronized (signal) {
                    if (!wakeRequested) signal.wait(settings.idleWait().toMillis());
                    wakeRequested = false;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.error("Delivery loop error; retrying shortly", e);
                sleepQuietly(settings.errorPause().toMillis());
            }
        }
    }

    /** Starts sending every due row whose lane is free. */
    void pollOnce() {
        Instant now = Instant.now();
        if (Duration.between(lastStaleCheck, now).compareTo(settings.staleCheckEvery()) > 0) {
            lastStaleCheck = now;
            reconnected.clear();
            recoverStale(null);
        } else if (!reconnected.isEmpty()) {
            Set<Platform> platforms = Set.copyOf(reconnected);
            reconnected.removeAll(platforms);
            for (Platform p : platforms) recoverStale(p);
        }
        Set<String> laneSeen = new HashSet<>();
        Map<Platform, Boolean> sendsHere = new HashMap<>();
        for (DeliveryRow row : store.laneHeads(settings.lanesPerPass())) {
            if (!running) return; // stopping: claim nothing more
            String lane = row.lane();
            if (!laneSeen.add(lane)) continue; // only the first row of each lane
            if (busyLanes.contains(lane)) continue;
            // Another instance holds this platform's connection: its posts are left to that instance.
            if (!sendsHere.computeIfAbsent(
                    row.platform(), p -> connectors.forPlatform(p).sendsHere())) continue;
            if (row.notBefore() != null && row.notBefore().isAfter(now)) continue;
            if (senders(row.platform()).getQueue().remainingCapacity() == 0) continue; // read again next pass
            if (!busyLanes.add(lane)) continue;
            if (!store.claim(row.id(), lane, instance)) {
                busyLanes.remove(lane);
                continue;
            }
            // Re-read after claiming: an edit may have replaced the payload since the row was listed,
            // and once claimed it can no longer change (later edits become rows of their own).
            DeliveryRow claimed = store.findById(row.id()).orElse(row);
            inFlight.add(row.id());
            senders(row.platform()).execute(() -> {
                try {
                    send(claimed);
                } finally {
                    inFlight.remove(row.id());
                    busyLanes.remove(lane);
                    wake();
                }
            });
        }
    }

    private boolean touchClaim(DeliveryRow row) {
        if (store.touchClaim(row.id(), instance)) return true;
        log.info("Delivery {} was taken over by another instance; leaving it to them", row.key());
        return false;
    }

    private void send(DeliveryRow row) {
        PlatformConnector connector = connectors.forPlatform(row.platform());
        for (int inline = 0; ; inline++) {
            try {
                // The claim is dated from when the request leaves, not from when the row was picked: a row
                // waiting its turn in the pacer (a fan-out to hundreds of channels) is not a dead sender's to
                // the other instances. Taken over meanwhile: it is theirs now. Dated before the pacer, and
                // again after it only when the wait was long, so no database write sits between a token and
                // its request (its varying time let a channel's posts reach the platform closer together
                // than the pacer let them go: relay benchmark).
                if (!touchClaim(row)) return;
                long waitStart = System.nanoTime();
                pacer.acquire(
                        row.platform().name(),
                        row.spaceId(),
                        row.lane(),
                        connector.pace(),
                        !connector.pacesGlobally(),
                        row.kind() == DeliveryRow.Kind.POST);
                if (System.nanoTime() - waitStart > settings.retouchAfterWait().toNanos() && !touchClaim(row)) return;
                perform(row, connector);
                return;
            } catch (Deferred d) {
                store.release(row.id(), instance, Instant.now().plus(settings.dependencyWait()), false, d.getMessage());
                return;
            } catch (DeliveryException e) {
                if (e.permanent()) {
                    log.warn("Delivery {} failed for good: {}", row.key(), e.getMessage());
                    store.markFailed(row.id(), instance, e.getMessage());
                    return;
                }
                if (e.retryAfter() != null) {
                    pacer.pause(row.lane(), e.retryAfter().toMillis());
                    // Wait here only while the claim cannot look stale to another instance; a longer wait
                    // puts the row back, due when the platform said.
                    if (e.retryAfter().compareTo(settings.inlineWaitCeiling()) <= 0
                            && inline < settings.inlineRetries()) {
                        log.info(
                                "Delivery {} rate limited; retrying after {} ms",
                                row.key(),
                                e.retryAfter().toMillis());
                        continue; // the pacer now holds the lane for retryAfter
                    }
                    store.release(row.id(), instance, Instant.now().plus(e.retryAfter()), false, e.getMessage());
                    return;
                }
                retryLater(row, e.getMessage());
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                store.release(row.id(), instance, null, false, "interrupted");
                return;
            } catch (RuntimeException e) {
                log.warn("Delivery {} failed: {}", row.key(), e.toString());
                retryLater(row, e.toString());
                return;
            }
        }
    }

    private void retryLater(DeliveryRow row, String error) {
        if (store.retry(row.id(), instance, row.attempts(), error).gaveUp()) {
            log.warn("Delivery {} failed after {} attempts: {}", row.key(), row.attempts() + 1, error);
        }
    }

    private void perform(DeliveryRow row, PlatformConnector connector) throws DeliveryException {
        switch (row.kind()) {
            case POST -> {
                ChannelRef channel = row.channel();
                String threadId = row.threadId();
                if (row.directUserId() != null) {
                    channel = directChannel(row, connector);
                }
                if (row.threadOfKey() != null) {
                    DeliveryRow root = sentTarget(row.threadOfKey());
                    threadId = root.messageId();
                    channel = root.sentMessage().channel();
                }
                Message message = ChatJson.read(row.payload(), Message.class);
                MessageRef sent = connector.send(new OutboundPost(channel, threadId, message, row.key()));
                store.markSent(row.id(), instance, sent);
                events.publishEvent(new DeliverySent(row.key(), sent));
            }
            case EDIT -> {
                MessageRef target = sentTarget(row.targetKey()).sentMessage();
                connector.update(target, ChatJson.read(row.payload(), Message.class));
                store.markSent(row.id(), instance, target);
            }
            case DELETE -> {
                MessageRef target = sentTarget(row.targetKey()).sentMessage();
                connector.delete(target);
                store.markSent(row.id(), instance, target);
            }
            case REACT -> {
                MessageRef target = sentTarget(row.targetKey()).sentMessage();
                connector.addReaction(target, row.payload());
                store.markSent(row.id(), instance, target);
            }
        }
    }

    private ChannelRef directChannel(DeliveryRow row, PlatformConnector connector) throws DeliveryException {
        String cacheKey = row.platform() + ":" + row.spaceId() + ":" + row.directUserId();
        ChannelRef cached = directChannels.getIfPresent(cacheKey);
        if (cached != null) return cached;
        ChannelRef opened = connector.openDirect(new UserRef(row.platform(), row.spaceId(), row.directUserId()));
        directChannels.put(cacheKey, opened);
        return opened;
    }

    /** The row an edit, reaction, deletion or thread reply depends on, once it has been sent. */
    private DeliveryRow sentTarget(String key) throws DeliveryException {
        Optional<DeliveryRow> target = store.find(key);
        if (target.isEmpty()) throw DeliveryException.permanent("nothing was posted under " + key, null);
        DeliveryRow t = target.get();
        if (t.state() == Delivery.State.FAILED) throw DeliveryException.permanent("the post " + key + " failed", null);
        if (t.state() != Delivery.State.SENT) throw new Deferred("waiting for " + key + " to be sent");
        return t;
    }

    /**
     * Claims older than the stale threshold belong to a sender that died between sending and recording.
     * A post is looked for by its marker: found, it is recorded; not found, it is sent again.
     * {@code only}, when set, limits the pass to one platform.
     */
    void recoverStale(Platform only) {
        Map<Platform, Boolean> sendsHere = new HashMap<>();
        for (DeliveryRow row : store.staleClaims()) {
            if (inFlight.contains(row.id())) continue;
            if (only != null && row.platform() != only) continue;
            if (!sendsHere.computeIfAbsent(
                    row.platform(), p -> connectors.forPlatform(p).sendsHere())) continue;
            // Taken over by a conditional update: two instances never both decide one stale claim.
            if (!store.takeOverStale(row.id(), instance)) continue;
            try {
                if (row.kind() == DeliveryRow.Kind.POST && row.channel() != null) {
                    PlatformConnector connector = connectors.forPlatform(row.platform());
                    Optional<MessageRef> found = connector.findByMarker(
                            row.channel(),
                            row.threadId(),
                            row.key(),
                            row.createdAt().minusSeconds(60));
                    if (found.isPresent()) {
                        log.info("Delivery {} was sent before a crash; recorded without sending again", row.key());
                        store.markSent(row.id(), instance, found.get());
                        events.publishEvent(new DeliverySent(row.key(), found.get()));
                        continue;
                    }
                }
                store.release(row.id(), instance, null, false, "claim went stale; sending again");
            } catch (DeliveryException | RuntimeException e) {
                log.warn("Cannot check stale delivery {} yet: {}", row.key(), e.getMessage());
            }
        }
    }

    /** Who this sender claims rows as (delivery.claimed_by), for logs and tests. */
    String instanceId() {
        return instance;
    }

    /** True when nothing is waiting or in flight (tests use this to wait for quiet). */
    boolean idle() {
        return inFlight.isEmpty()
                && store.count(Delivery.State.PENDING) == 0
                && store.count(Delivery.State.SENDING) == 0;
    }

    @Override
    public synchronized void stop() {
        running = false;
        wake();
        if (loop != null) loop.interrupt();
        List<ExecutorService> pools = List.copyOf(senders.values());
        senders.clear();
        pools.forEach(ExecutorService::shutdown);
        try {
            for (ExecutorService pool : pools)
                pool.awaitTermination(settings.shutdownWait().toMillis(), TimeUnit.MILLISECONDS);
            // The old loop must be gone before a later start() begins a new one.
            if (loop != null) loop.join(settings.errorPause().toMillis() * 2);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return 200;
    }

    /** Off only in tests that leave posts unsent on purpose, to show a restart sends them. */
    @Override
    public boolean isAutoStartup() {
        return settings.autostart();
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The row depends on a post not sent yet; try again shortly without counting an attempt. */
    private static final class Deferred extends RuntimeException {
        Deferred(String message) {
            super(message, null, false, false);
        }
    }
}
