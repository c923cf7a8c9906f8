package org.staffroom.slack;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.springframework.context.annotation.Conditional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Refuses a signed HTTP-mode request seen before: within its five minutes a captured request
 * would otherwise verify again. Kept in the database so every instance behind a load balancer
 * knows; rows are dropped once their timestamp could no longer pass.
 */
@Component
@Conditional(SlackConditions.HttpMode.class)
class SlackReplayStore {

    private final JdbcClient jdbc;
    private final Clock clock;
    private volatile Instant lastPurge = Instant.EPOCH;

    SlackReplayStore(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** True the first time {@code signature} is seen. */
    boolean firstSeen(String signature) {
        Instant now = clock.instant();
        purge(now);
        try {
            int inserted = jdbc.sql("""
                    insert into slack_request_seen (signature, seen_at)
                    select ?, ?
                    where not exists (select 1 from slack_request_seen where signature = ?)""")
                    .params(signature, now.atOffset(ZoneOffset.UTC), signature)
                    .update();
            return inserted == 1;
        } catch (DuplicateKeyException e) {
            return false; // the same request arrived twice at the same moment
        }
    }

    private void purge(Instant now) {
        if (now.isBefore(lastPurge.plusSeconds(60))) return;
        lastPurge = now;
        jdbc.sql("delete from slack_request_seen where seen_at < ?")
                .param(now.minus(SlackSignature.WINDOW.multipliedBy(3)).atOffset(ZoneOffset.UTC))
                .update();
    }
}
