package org.staffroom.outbox;

import static org.staffroom.config.Sql.instant;
import static org.staffroom.config.Sql.utc;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The rows every outbox gave up on, for admins: which table, what it was for, how often tried, the last error. */
@Component
public class DeadLetterStore {

    /** One dead letter. */
    public record DeadLetter(String table, long id, String label, int attempts, String error, Instant claimedAt) {}

    private final JdbcClient jdbc;
    private final List<OutboxTable> tables;

    DeadLetterStore(JdbcClient jdbc, List<OutboxTable> tables) {
        this.jdbc = jdbc;
        this.tables = List.copyOf(tables);
    }

    /** The newest {@code limit} dead letters of each table, newest first within a table. */
    public List<DeadLetter> recent(int limit) {
        List<DeadLetter> all = new ArrayList<>();
        for (OutboxTable t :
                tables.stream().sorted(Comparator.comparing(OutboxTable::name)).toList()) {
            all.addAll(jdbc.sql("select id, " + t.label() + " as label, attempts, " + t.errorColumn()
                            + " as error, claimed_at from " + t.name()
                            + " where state = 'FAILED' order by id desc limit ?")
                    .param(limit)
                    .query((rs, n) -> new DeadLetter(
                            t.name(),
                            rs.getLong("id"),
                            rs.getString("label"),
                            rs.getInt("attempts"),
                            rs.getString("error"),
                            instant(rs, "claimed_at")))
                    .list());
        }
        return all;
    }

    /**
     * Puts a dead letter back in its queue, as if new: {@code PENDING}, attempts reset, due now. False if
     * there is no such dead letter (an unknown table, another id, or retried already).
     */
    public boolean retry(String table, long id, Instant now) {
        OutboxTable t =
                tables.stream().filter(o -> o.name().equals(table)).findFirst().orElse(null);
        if (t == null) return false;
        return jdbc.sql("update " + t.name() + " set state = 'PENDING', attempts = 0, claimed_by = null, "
                                + t.nextAttemptColumn() + " = ? where id = ? and state = 'FAILED'")
                        .params(utc(now), id)
                        .update()
                == 1;
    }

    /** How many dead letters each table holds, by table name. */
    public java.util.Map<String, Long> counts() {
        java.util.Map<String, Long> counts = new java.util.TreeMap<>();
        for (OutboxTable t : tables) {
            counts.put(
                    t.name(),
                    jdbc.sql("select count(*) from " + t.name() + " where state = 'FAILED'")
                            .query(Long.class)
                            .single());
        }
        return counts;
    }
}
