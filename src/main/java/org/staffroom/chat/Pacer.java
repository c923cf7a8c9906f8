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

    private final Map<String, Bucket> channels = new ConcurrentHashMap<>();
    private final Map<String, Bucket> platforms = new ConcurrentHashMap<>();

    void acquire(String platform, String lane, Pace pace) throws InterruptedException {
        Bucket global = platforms.computeIfAbsent(platform, k -> new Bucket(1, pace.globalPerSecond()));
        Bucket channel = channels.computeIfAbsent(lane, k -> new Bucket(pace.channelBurst(), pace.channelPerSecond()));
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

        Bucket(int capacity, double perSecond) {
            this.capacity = capacity;
            this.perNano = perSecond / 1_000_000_000.0;
            this.tokens = capacity;
        }

        void take() throws InterruptedException {
            while (true) {
                long waitNanos;
                synchronized (this) {
                    refill();
                    if (tokens >= 1) {
                        tokens -= 1;
                        return;
                    }
                    waitNanos = (long) Math.ceil((1 - tokens) / perNano);
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
