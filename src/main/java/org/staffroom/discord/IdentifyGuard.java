package org.staffroom.discord;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps IDENTIFYs (new gateway sessions) well under Discord's 1000 a day, across restarts: each is
 * recorded in the database, a new one waits until {@code identifyDelay} after the last (so a crash
 * loop cannot storm), and none is sent once {@code maxPerDay} were sent in the last 24 hours.
 * Resumes are not IDENTIFYs and are not limited.
 */
class IdentifyGuard {

    private static final Logger log = LoggerFactory.getLogger(IdentifyGuard.class);
    private static final Duration DAY = Duration.ofHours(24);

    /** Thrown when the daily allowance is used up; the adapter stays down until the window allows again. */
    static final class Exhausted extends IllegalStateException {
        private final Instant retryAt;

        Exhausted(long used, Instant retryAt) {
            super(used + " IDENTIFYs in the last 24 h; not connecting to Discord again before " + retryAt);
            this.retryAt = retryAt;
        }

        Instant retryAt() {
            return retryAt;
        }
    }

    private final DiscordStore store;
    private final Duration identifyDelay;
    private final int maxPerDay;

    IdentifyGuard(DiscordStore store, Duration identifyDelay, int maxPerDay) {
        this.store = store;
        this.identifyDelay = identifyDelay;
        this.maxPerDay = maxPerDay;
    }

    /**
     * Called just before an IDENTIFY: waits for the spacing, refuses when the day's allowance is
     * used, otherwise records it.
     *
     * @throws Exhausted when {@code maxPerDay} IDENTIFYs were recorded in the last 24 hours
     */
    synchronized void beforeIdentify() throws InterruptedException {
        Instant now = Instant.now();
        long used = store.identifiesSince(now.minus(DAY));
        if (used >= maxPerDay) {
            throw new Exhausted(used, now.plus(Duration.ofHours(1)));
        }
        Optional<Instant> last = store.lastIdentify();
        if (last.isPresent()) {
            long waitMillis = Duration.between(now, last.get().plus(identifyDelay)).toMillis();
            if (waitMillis > 0) {
                log.info("Waiting {} ms before the next IDENTIFY to Discord", waitMillis);
                Thread.sleep(Math.min(waitMillis, identifyDelay.toMillis()));
            }
        }
        store.recordIdentify(Instant.now());
        store.purgeIdentifies(Instant.now().minus(DAY.multipliedBy(2)));
    }

    /** IDENTIFYs in the last 24 hours, for the status line. */
    long usedToday() {
        return store.identifiesSince(Instant.now().minus(DAY));
    }
}
