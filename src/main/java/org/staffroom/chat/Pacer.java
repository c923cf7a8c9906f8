package org.staffroom.chat;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import org.staffroom.chat.spi.Pace;

/**
 * Keeps posts under each platform's limits with Bucket4j token buckets: one per channel, one per
 * space for new posts where the platform limits a whole space (a Slack workspace:
 * {@link Pace#spacePosts}), and one per platform. {@link #acquire} blocks the sending thread until
 * a post may go. A channel may burst
 * (platforms allow a few at once); the platform-wide bucket holds one token, so posts are spread
 * evenly and no one-second window sees more than the platform's rate. (A bucket as deep as its
 * rate let a fan-out send twice the rate in its first second, and the platform answered 429s.)
 * A platform whose connector limits every request itself ({@code PlatformConnector#pacesGlobally},
 * Discord) gets no platform-wide bucket here, so it is limited once, not twice. The buckets live in
 * this instance's memory: instances sharing a platform each keep to their share of a space's limit
 * (Slack: {@code staffroom.slack.limits.sending-instances}).
 */
final class Pacer {

    /**
     * A channel's burst is also spread over this long: platforms count posts in any one-second window
     * as they arrive, and a token bucket alone lets a burst's first post and the next refill's post
     * fall a second apart when they leave, which the time each request spends in the HTTP client
     * (a few hundred ms on a busy machine) can squeeze into one window (relay benchmark: 6 channels
     * over Slack's rate with the bucket alone). Bucket4j's limits are token buckets (interval refills
     * included), none a sliding window, so this one guard stays here: {@link BurstWindow}.
     */
    static final long BURST_WINDOW = 1_300_000_000L;

    /**
     * A lane idle for ten minutes has a full bucket and an empty window: forgetting it changes nothing
     * (a Retry-After that long is waited out in the table, not here), so lanes are kept that long.
     */
    private final Cache<String, Lane> channels =
            Caffeine.newBuilder().expireAfterAccess(Duration.ofMinutes(10)).build();

    private final Map<String, Bucket> platforms = new ConcurrentHashMap<>();

    /**
     * New posts per space, keyed {@code platform:space}; forgotten after ten idle minutes like the lanes
     * (an idle bucket is full, as a new one is).
     */
    private final Cache<String, Bucket> spaces =
            Caffeine.newBuilder().expireAfterAccess(Duration.ofMinutes(10)).build();

    /**
     * A space's bucket lets out at most this share of its limit in any window. A platform counts posts in
     * any sliding window as they arrive; posts can arrive closer together than they were let out (the
     * time in the HTTP client varies, and a post may wait for its channel after its grant), and one post
     * too many is a 429. Five per cent is 15 of Slack's 300 a minute.
     */
    static final double SPACE_HEADROOM = 0.95;

    /**
     * The share of a space's window budget that may go at once: a question of the day to a few dozen
     * channels goes out at the platform's pace, not spread over the minute. The rest refills evenly, so
     * burst plus a window's refill is the budget and no sliding window sees more.
     */
    static final double SPACE_BURST = 0.2;

    void acquire(String platform, String lane, Pace pace) throws InterruptedException {
        acquire(platform, null, lane, pace, true, false);
    }

    /**
     * Waits until a request may go to {@code lane} in {@code space}. {@code platformWide} false: the
     * platform's connector limits all its requests itself. {@code post}: a new post, which counts
     * against the space's limit ({@link Pace#spacePosts}) when the platform has one.
     */
    void acquire(String platform, String space, String lane, Pace pace, boolean platformWide, boolean post)
            throws InterruptedException {
        // The space first, then the channel: the channel's grant must be followed at once by the
        // request (its one-second window is the tight limit), while the space's minute has headroom
        // for a post that waits a moment for its channel after its grant.
        if (post && space != null && pace.spacePosts() > 0)
            spaces.get(platform + ":" + space, k -> space(pace)).asBlocking().consume(1);
        channels.get(lane, k -> new Lane(pace)).take();
        if (platformWide)
            platforms
                    .computeIfAbsent(platform, k -> evenly(pace.globalPerSecond()))
                    .asBlocking()
                    .consume(1);
    }

    /** A platform said to wait: hold the lane's bucket empty for that long. */
    void pause(String lane, long millis) {
        Lane l = channels.getIfPresent(lane);
        if (l != null) l.pauseFor(millis);
    }

    /** One token at a time at {@code perSecond}: requests spread evenly, never a burst. */
    static Bucket evenly(double perSecond) {
        return Bucket.builder()
                .addLimit(limit -> limit.capacity(1).refillGreedy(1, interval(perSecond)))
                .build();
    }

    /**
     * A space's new posts: a burst of {@link #SPACE_BURST} of the budget ({@link #SPACE_HEADROOM} of the
     * limit), the rest refilled evenly over the window, so no sliding window lets out more than the budget.
     */
    static Bucket space(Pace pace) {
        long budget = Math.max(1, (long) Math.floor(pace.spacePosts() * SPACE_HEADROOM));
        long burst = Math.max(1, Math.round(budget * SPACE_BURST));
        long refill = Math.max(1, budget - burst);
        return Bucket.builder()
                .addLimit(limit -> limit.capacity(burst).refillGreedy(refill, pace.spaceWindow()))
                .build();
    }

    static Duration interval(double perSecond) {
        return Duration.ofNanos(Math.max(1, Math.round(1_000_000_000.0 / perSecond)));
    }

    /** A channel: a bucket of its burst refilled at its rate, and the burst window over it. */
    private static final class Lane {
        private final Bucket bucket;
        private final double perSecond;
        private final BurstWindow window;

        Lane(Pace pace) {
            this.perSecond = pace.channelPerSecond();
            this.bucket = Bucket.builder()
                    .addLimit(limit ->
                            limit.capacity(pace.channelBurst()).refillGreedy(1, interval(pace.channelPerSecond())))
                    .build();
            this.window = new BurstWindow(pace.channelBurst(), BURST_WINDOW);
        }

        void take() throws InterruptedException {
            while (true) {
                long waitNanos;
                synchronized (this) {
                    long now = System.nanoTime();
                    long windowWait = window.waitNanos(now);
                    if (windowWait <= 0 && bucket.tryConsume(1)) {
                        window.granted(now);
                        return;
                    }
                    waitNanos = Math.max(
                            windowWait, bucket.estimateAbilityToConsume(1).getNanosToWaitForRefill());
                }
                LockSupport.parkNanos(Math.max(1_000_000, waitNanos));
                if (Thread.interrupted()) throw new InterruptedException();
            }
        }

        synchronized void pauseFor(long millis) {
            // Empty the bucket, then owe what the pause would have refilled: it holds no token for that long.
            bucket.tryConsumeAsMuchAsPossible();
            long owed = (long) Math.ceil(millis * perSecond / 1000.0);
            if (owed > 0) bucket.consumeIgnoringRateLimits(owed);
        }
    }

    /** At most {@code size} grants in any {@code windowNanos}: the times of the last {@code size} grants. */
    private static final class BurstWindow {
        private final long windowNanos;
        private final long[] granted;
        private int oldest;

        BurstWindow(int size, long windowNanos) {
            this.windowNanos = windowNanos;
            this.granted = new long[size];
            Arrays.fill(granted, Long.MIN_VALUE / 2);
        }

        long waitNanos(long now) {
            return granted[oldest] + windowNanos - now;
        }

        void granted(long now) {
            granted[oldest] = now;
            oldest = (oldest + 1) % granted.length;
        }
    }
}
