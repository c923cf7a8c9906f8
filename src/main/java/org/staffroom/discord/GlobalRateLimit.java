package org.staffroom.discord;

import io.github.bucket4j.Bucket;
import java.io.IOException;
import java.io.InterruptedIOException;
import okhttp3.Interceptor;
import okhttp3.Response;

/**
 * Discord allows a bot 50 REST requests a second in all, but JDA paces each route's bucket only.
 * This OkHttp interceptor sees every request JDA sends and holds it until the bot-wide Bucket4j bucket
 * allows. It is the one Discord-wide limiter: the delivery sender paces Discord per channel only
 * ({@code DiscordConnector.pacesGlobally}). Interaction callbacks and webhook follow-ups are exempt,
 * as on Discord, so answering a person is never queued behind a fan-out.
 */
class GlobalRateLimit implements Interceptor {

    private final Bucket bucket;

    GlobalRateLimit(double perSecond) {
        // One token: requests are spread evenly. A bucket as deep as the rate let a burst of 45 and then
        // 45 more go within one second, and Discord's 50 per second answered with global 429s.
        long intervalNanos = Math.max(1, Math.round(1_000_000_000.0 / perSecond));
        this.bucket = Bucket.builder()
                .addLimit(limit -> limit.capacity(1).refillGreedy(1, java.time.Duration.ofNanos(intervalNanos)))
                .build();
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
        bucket.asBlocking().consume(1);
    }
}
