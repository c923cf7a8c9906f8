package org.staffroom.testing.discord;

import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Generates Discord-style snowflakes: milliseconds since the Discord epoch in the top 42 bits, so ids
 * sort by creation time and JDA's {@code TimeUtil.getTimeCreated(id)} gives a sensible answer.
 */
final class Snowflakes {

    /** 2015-01-01T00:00:00Z, Discord's epoch. */
    static final long DISCORD_EPOCH = 1420070400000L;

    private final Clock clock;
    private final AtomicLong last = new AtomicLong();

    Snowflakes(Clock clock) {
        this.clock = clock;
    }

    /** A new id, strictly greater than every id this generator returned before. */
    long next() {
        long candidate = (clock.millis() - DISCORD_EPOCH) << 22;
        return last.updateAndGet(previous -> Math.max(previous + 1, candidate));
    }
}
