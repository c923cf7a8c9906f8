package org.staffroom.chat;

import java.time.Duration;
import java.time.ZoneOffset;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Forgets inbound events once they can no longer be redelivered (platforms retry for minutes,
 * Discord replays only within a session): their keys are kept two days by default, then deleted.
 */
@Component
class ChatRetention {

    private final JdbcClient jdbc;
    private final Duration keepEventKeys;

    ChatRetention(JdbcClient jdbc, @Value("${staffroom.chat.event-key-retention:2d}") Duration keepEventKeys) {
        this.jdbc = jdbc;
        this.keepEventKeys = keepEventKeys;
    }

    @EventListener
    void on(Tick tick) {
        jdbc.sql("delete from inbound_event where state <> 'RECEIVED' and received_at < ?")
                .param(tick.now().minus(keepEventKeys).atOffset(ZoneOffset.UTC)).update();
    }
}
