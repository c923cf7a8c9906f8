package org.staffroom.chat;

import java.time.Duration;
import org.springframework.context.ApplicationContext;

/** What the reliability suite may see of the port's package-private delivery sender. */
public final class ChatProbe {

    private ChatProbe() {}

    /**
     * {@link Chat#awaitDelivered} for tests that settle hundreds of times: the same wait, looking every
     * {@code poll} instead of every 20 ms (most settles are over in a few milliseconds, and a test class
     * settling a thousand times spent most of its time in that sleep). The sender is woken every 20 ms, as
     * Chat does, so it does not read its table more often than in production.
     */
    public static boolean awaitDelivered(ApplicationContext app, Duration timeout, Duration poll) {
        DeliverySender sender = app.getBean(DeliverySender.class);
        long deadline = System.nanoTime() + timeout.toNanos();
        long nextWake = 0;
        while (System.nanoTime() < deadline) {
            if (System.nanoTime() >= nextWake) {
                sender.wake();
                nextWake = System.nanoTime() + WAKE_EVERY.toNanos();
            }
            if (sender.idle()) return true;
            try {
                Thread.sleep(poll.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return sender.idle();
    }

    private static final Duration WAKE_EVERY = Duration.ofMillis(20);

    /** The name this instance's delivery sender claims rows under (delivery.claimed_by). */
    public static String senderId(ApplicationContext app) {
        return app.getBean(DeliverySender.class).instanceId();
    }
}
