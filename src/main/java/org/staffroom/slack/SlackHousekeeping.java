package org.staffroom.slack;

import java.time.ZoneOffset;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.staffroom.chat.Tick;

/**
 * Deletes OAuth install states that can no longer be used (a used state is deleted when it is
 * used), on every tick. Registered even when OAuth is off, so rows left from when it was on go too.
 */
@Component
class SlackHousekeeping {

    private final JdbcClient jdbc;

    SlackHousekeeping(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @EventListener
    void on(Tick tick) {
        jdbc.sql("delete from slack_oauth_state where created_at <= ?")
                .param(tick.now().minus(SlackOAuth.STATE_LIFETIME).atOffset(ZoneOffset.UTC))
                .update();
    }
}
