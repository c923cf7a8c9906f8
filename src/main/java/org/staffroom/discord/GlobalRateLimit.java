package org.staffroom.discord;

import java.io.IOException;
import java.io.InterruptedIOException;

import okhttp3.Interceptor;
import okhttp3.Response;

/**
 * Discord allows a bot 50 REST requests a second in all, but JDA paces each route's bucket only.
 * This OkHttp interceptor sees every request JDA sends and holds it until the bot-wide token bucket
 * allows. Interaction callbacks and webhook follow-ups are exempt, as on Discord, so answering a
 * person is never queued behind a fan-out.
 */
class GlobalRateLimit implements Interceptor {

    private final double perNano;
    private final double capacity;
    private double tokens;
    private long last = System.nanoTime();

    GlobalRateLimit(double perSecond) {
        this.perNano = perSecond / 1_000_000_000.0;
        // One token: requests are spread evenly. A bucket as deep as the rate let a burst of 45 and then
        // 45 more go within one second, and Discord's 50 per second answered with global 429s.
        this.capacity = 1;
        this.tokens = capacity;
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        String path = chain.request().url().encodedPath();
        if (!path.contains("/interactions/") && !path.contains("/webhooks/")) {
            try {
                acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for the global rate limit");
            }
        }
        return chain.proceed(chain.request());
    }

    void acquire() throws InterruptedException {
        while (true) {
            long waitNanos;
            synchronized (this) {
                long now = System.nanoTime();
                tokens = Math.min(capacity, tokens + (now - last) * perNano);
                last = now;
                if (tokens >= 1) {
                    tokens -= 1;
                    return;
                }
                waitNanos = (long) Math.ceil((1 - tokens) / perNano);
            }
            Thread.sleep(Math.max(1, waitNanos / 1_000_000));
        }
    }
}
