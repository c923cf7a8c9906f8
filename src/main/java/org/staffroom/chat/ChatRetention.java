package org.staffroom.chat;

import java.time.Duration;
import java.time.Instant;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Forgets inbound events once they can no longer be redelivered (platforms retry for minutes,
 * Discord replays only within a session): their keys are kept two days by default, then deleted.
 * A handling that failed for good is kept longer (two weeks), for an admin to see.
 * Sent and failed delivery rows are deleted after {@code staffroom.delivery.retention} (180 days by
 * default): until then a post can still be edited, reacted to or replied to by its key. Deliveries
 * age in real time, as they are sent in real time.
 */
@Component
@EnableConfigurationProperties(InboxRetention.class)
class ChatRetention {

    private final InboxStore store;
    private final DeliveryStore deliveries;
    private final Duration keepEventKeys;
    private final Duration keepFailures;
    private final Duration keepDeliveries;

    ChatRetention(InboxStore store, DeliveryStore deliveries, DeliverySettings settings, InboxRetention inbox) {
        this.store = store;
        this.deliveries = deliveries;
        this.keepEventKeys = inbox.eventKeyRetention();
        this.keepFailures = inbox.failureRetention();
        this.keepDeliveries = settings.retention();
    }

    @EventListener
    void on(Tick tick) {
        store.forget(tick.now().minus(keepEventKeys), tick.now().minus(keepFailures));
        deliveries.purge(Instant.now().minus(keepDeliveries));
    }
}
