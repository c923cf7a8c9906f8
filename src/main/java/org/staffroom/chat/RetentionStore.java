package org.staffroom.chat;

import static org.staffroom.config.Sql.utc;

import java.time.Instant;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for forgetting what the chat core no longer needs. */
@Repository
class RetentionStore {

    private final JdbcClient jdbc;

    RetentionStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Deletes handled inbound event keys received before {@code before}; returns how many. */
    int deleteHandledEventsBefore(Instant before) {
        return jdbc.sql("delete from inbound_event where state <> 'RECEIVED' and received_at < ?").param(utc(before)).update();
    }
}
