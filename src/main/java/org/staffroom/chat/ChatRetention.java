package org.staffroom.chat;

import java.time.Duration;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Forgets inbound events once they can no longer be redelivered (platforms retry for minutes,
 * Discord replays only within a session): their keys are kept two days by default, then deleted.
 * A handling that failed for good is kept longer (two weeks), for an admin to see.
 */
@Component
class ChatRetention {

    private final InboxStore store;
    private final Duration keepEventKeys;
    private final Duration keepFailures;

    ChatRetention(InboxStore store, @Value("${staffroom.chat.event-key-retention:2d}") Duration keepEventKeys,
                  @Value("${staffroom.chat.failure-retention:14d}") Duration keepFailures) {
        this.store = store;
        this.keepEventKeys = keepEventKeys;
        this.keepFailures = keepFailures;
    }

    @EventListener
    void on(Tick tick) {
        store.forget(tick.now().minus(keepEventKeys), tick.now().minus(keepFailures));
    }
}
