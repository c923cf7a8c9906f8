package org.staffroom.discord;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps IDENTIFYs (new gateway sessions) well under Discord's 1000 a day, across restarts: each is
 * recorded in the database and a new one waits until enough time has passed since the last. The
 * first {@link #FREE_PER_DAY} of a day are spaced by {@code identifyDelay}; beyond that the spacing
 * doubles with each further IDENTIFY, up to {@link #LONGEST_GAP}, so a crash loop settles at about
 * four an hour instead of burning the day's allowance; and none is sent once {@code maxPerDay} were
 * sent in 24 hours. Resumes are not IDENTIFYs and are not limited.
 */
class IdentifyGuard {

    private static final Logger log = LoggerFactory.getLogger(IdentifyGuard.class);
    private static final Duration DAY = Duration.ofHours(24);
    /** IDENTIFYs a day spaced by identifyDelay alone: restarts, deploys, a few recreated sessions. */
    static final int FREE_PER_DAY = 10;
    /** The spacing never grows beyond this: a crash loop still reconnects within a quarter of an hour. */
    static final Duration LONGEST_GAP = Duration.ofMinutes(15);

    /** Thrown when no IDENTIFY may go now; the adapter tries again after {@code retryAfter}. */
    static final class Exhausted extends IllegalStateException {
        private final Duration retryAfter;

        Exhausted(String message, Duration retryAfter) {
            super(message);
            this.retryAfter = retryAfter;
        }

        Duration retryAfter() {
            return retryAfter;
        }
    }

    private final DiscordStore store;
    private final Duration identifyDelay;
    private final int maxPerDay;
    private final Clock clock;

    IdentifyGuard(DiscordStore store, Duration identifyDelay, int maxPerDay) {
        this(store, identifyDelay, maxPerDay, Clock.systemUTC());
    }

    /** {@code clock} is real time in the application (spacing is not business time); tests simulate days with it. */
    IdentifyGuard(DiscordStore store, Duration identifyDelay, int maxPerDay, Clock clock) {
        this.store = store;
        this.identifyDelay = identifyDelay;
        this.maxPerDay = maxPerDay;
        this.clock = clock;
    }

    /**
     * Called just before an IDENTIFY: waits a moment if the spacing is nearly over, refuses if it is
     * not (a wait that long must not hold up JDA's thread) or the day's allowance is used, otherwise
     * records it.
     *
     * @throws Exhausted when no IDENTIFY may go now
     */
    synchronized void beforeIdentify() throws InterruptedException {
        Instant now = clock.instant();
        long used = store.identifiesSince(now.minus(DAY));
        if (used >= maxPerDay) {
            throw new Exhausted(
                    used + " IDENTIFYs in the last 24 h; not connecting to Discord again for an hour",
                    Duration.ofHours(1));
        }
        Optional<Instant> last = store.lastIdentify();
        if (last.isPresent()) {
            Duration gap = gap(used);
            long waitMillis = Duration.between(now, last.get().plus(gap)).toMillis();
            if (waitMillis > identifyDelay.toMillis()) {
                throw new Exhausted(
                        used + " IDENTIFYs in the last 24 h (a crash loop?): the next one waits " + gap.toSeconds()
                                + " s after the last",
                        Duration.ofMillis(waitMillis));
            }
            if (waitMillis > 0) {
                log.info("Waiting {} ms before the next IDENTIFY to Discord", waitMillis);
                Thread.sleep(waitMillis);
            }
        }
        store.recordIdentify(clock.instant());
        store.purgeIdentifies(clock.instant().minus(DAY.multipliedBy(2)));
    }

    /**
     * How long until an IDENTIFY may go (zero if now), without recording anything: the client asks
     * before it builds a session at all, rather than have JDA refused half-way.
     */
    Duration untilAllowed() {
        Instant now = clock.instant();
        long used = store.identifiesSince(now.minus(DAY));
        if (used >= maxPerDay) return Duration.ofHours(1);
        Optional<Instant> last = store.lastIdentify();
        if (last.isEmpty()) return Duration.ZERO;
        Duration wait = Duration.between(now, last.get().plus(gap(used)));
        return wait.compareTo(identifyDelay) <= 0 ? Duration.ZERO : wait;
    }

    /** The least time between the last IDENTIFY and the next, with {@code used} in the last 24 hours. */
    Duration gap(long used) {
        if (used < FREE_PER_DAY) return identifyDelay;
        long factor = 1L << Math.min(used - FREE_PER_DAY + 1, 20);
        Duration gap = identifyDelay.multipliedBy(factor);
        return gap.compareTo(LONGEST_GAP) > 0 ? LONGEST_GAP : gap;
    }

    /** IDENTIFYs in the last 24 hours, for the status line. */
    long usedToday() {
        return store.identifiesSince(clock.instant().minus(DAY));
    }
}
