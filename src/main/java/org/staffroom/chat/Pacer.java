package org.staffroom.chat;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.staffroom.chat.spi.Pace;

/**
 * Token buckets that keep posts under each platform's limits: one per channel and one per
 * platform. {@link #acquire} blocks the sending thread until a post may go. A channel may burst
 * (platforms allow a few at once); the platform-wide bucket holds one token, so posts are spread
 * evenly and no one-second window sees more than the platform's rate. (A bucket as deep as its
 * rate let a fan-out send twice the rate in its first second, and the platform answered 429s.)
 */
final class Pacer {

    /**
     * A channel's burst is also spread over this long: platforms count posts in any one-second window
     * as they arrive, and a token bucket alone lets a burst's first post and the next refill's post
     * fall a second apart when they leave, which the time each request spends in the HTTP client
     * (a few hundred ms on a busy machine) can squeeze into one window (relay benchmark: 6 channels
     * over Slack's rate with the bucket alone).
     */
    static final long BURST_WINDOW = 1_300_000_000L;

    private final Map<String, Bucket> channels = new ConcurrentHashMap<>();
    private final Map<String, Bucket> platforms = new ConcurrentHashMap<>();

    void acquire(String platform, String lane, Pace pace) throws InterruptedException {
        Bucket global = platforms.computeIfAbsent(platform, k -> new Bucket(1, pace.globalPerSecond(), 0));
        Bucket channel = channels.computeIfAbsent(lane, k -> new Bucket(pace.channelBurst(), pace.channelPerSecond(), BURST_WINDOW));
        channel.take();
        global.take();
    }

    /** A platform said to wait: hold the lane's bucket empty for that long. */
    void pause(String lane, long millis) {
        Bucket b = channels.get(lane);
        if (b != null) b.pauseFor(millis);
    }

    private static final class Bucket {
        private final double capacity;
        private final double perNano;
        private double tokens;
        private long last = System.nanoTime();
        /** When the last {@code capacity} tokens were taken (oldest first), if a window applies. */
        private final long windowNanos;
        private final long[] granted;
        private int oldest;

        Bucket(int capacity, double perSecond, long windowNanos) {
            this.capacity = capacity;
            this.perNano = perSecond / 1_000_000_000.0;
            this.tokens = capacity;
            this.windowNanos = windowNanos;
            this.granted = new long[windowNanos > 0 ? capacity : 0];
            java.util.Arrays.fill(granted, Long.MIN_VALUE / 2);
        }

        void take() throws InterruptedException {
            while (true) {
                long waitNanos;
                synchronized (this) {
                    refill();
                    long windowWait = granted.length == 0 ? 0 : granted[oldest] + windowNanos - last;
                    if (tokens >= 1 && windowWait <= 0) {
                        tokens -= 1;
                        if (granted.length > 0) {
                            granted[oldest] = last;
                            oldest = (oldest + 1) % granted.length;
                        }
                        return;
                    }
                    waitNanos = Math.max(tokens >= 1 ? 0 : (long) Math.ceil((1 - tokens) / perNano), windowWait);
                }
                Thread.sleep(Math.max(1, waitNanos / 1_000_000));
            }
        }

        synchronized void pauseFor(long millis) {
            refill();
            tokens = Math.min(tokens, 0) - millis * 1_000_000.0 * perNano;
        }

        private void refill() {
            long now = System.nanoTime();
            tokens = Math.min(capacity, tokens + (now - last) * perNano);
            last = now;
        }
    }
}
