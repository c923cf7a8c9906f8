package org.staffroom.outbox;

import java.time.Duration;
import java.util.Optional;

/**
 * The one retry schedule: the wait after the n-th failed attempt is {@code first × 2^(n-1)}, at most
 * {@code longest}; after {@code maxAttempts} failures the row is a dead letter.
 */
public record Backoff(Duration first, Duration longest, int maxAttempts) {

    public Backoff {
        if (first.isNegative() || first.isZero() || longest.compareTo(first) < 0 || maxAttempts < 1) {
            throw new IllegalArgumentException("backoff needs 0 < first <= longest and maxAttempts >= 1");
        }
    }

    /** The wait before the next attempt after {@code failures} failed ones, or empty when it is time to give up. */
    public Optional<Duration> after(int failures) {
        if (failures >= maxAttempts) return Optional.empty();
        int doublings = Math.max(0, Math.min(failures - 1, 30));
        Duration wait = first.multipliedBy(1L << doublings);
        return Optional.of(wait.compareTo(longest) > 0 ? longest : wait);
    }
}
