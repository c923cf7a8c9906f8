package org.staffroom.outbox;

import static org.staffroom.config.Sql.truncate;
import static org.staffroom.config.Sql.utc;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The protocol's state changes on one table (see the package documentation). Every change after the
 * claim applies only while {@code instance} still holds the claim: a claim another instance took over
 * is theirs to finish, and a late answer here must not flip it back. Times are passed in, so a table
 * may run on real time (chat pacing) or on the business clock (the webhook).
 */
public final class Outbox {

    private final JdbcClient jdbc;
    private final OutboxTable table;
    private final Backoff backoff;
    private final Duration staleAfter;

    public Outbox(JdbcClient jdbc, OutboxTable table, Backoff backoff, Duration staleAfter) {
        this.jdbc = jdbc;
        this.table = table;
        this.backoff = backoff;
        this.staleAfter = staleAfter;
    }

    public OutboxTable table() {
        return table;
    }

    public Backoff backoff() {
        return backoff;
    }

    public Duration staleAfter() {
        return staleAfter;
    }

    /** What a retry decided: the next attempt's time, or a dead letter (empty). */
    public record Retry(Optional<Instant> nextAttempt, int attempts) {
        public boolean gaveUp() {
            return nextAttempt.isEmpty();
        }
    }

    /** {@code PENDING → SENDING} for {@code instance}; false if another instance got there first. */
    public boolean claim(long id, String instance, Instant now) {
        return update(
                        "set state = 'SENDING', claimed_by = ?, claimed_at = ? where id = ? and state = 'PENDING'",
                        instance,
                        utc(now),
                        id)
                == 1;
    }

    /** Dates the claim from now while {@code instance} holds it (a long wait before sending); false if it no longer does. */
    public boolean touch(long id, String instance, Instant now) {
        return update(
                        "set claimed_at = ? where id = ? and state = 'SENDING' and claimed_by = ?",
                        utc(now),
                        id,
                        instance)
                == 1;
    }

    /**
     * Sent: {@code SENT}, error cleared, with the table's own {@code extraAssignments} (e.g.
     * {@code "sent_at = ?, message_id = ?"}) whose parameters come first in {@code extraParams}.
     */
    public boolean complete(long id, String instance, String extraAssignments, Object... extraParams) {
        List<Object> params = new ArrayList<>(Arrays.asList(extraParams)); // parameters may be null
        params.add(id);
        params.add(instance);
        String extra = extraAssignments == null || extraAssignments.isBlank() ? "" : ", " + extraAssignments;
        return update(
                        "set state = 'SENT', " + table.errorColumn() + " = null" + extra
                                + " where id = ? and state = 'SENDING' and claimed_by = ?",
                        params.toArray())
                == 1;
    }

    /** A failure that retrying cannot mend: straight to the dead letters. */
    public boolean fail(long id, String instance, String error) {
        return update(
                        "set state = 'FAILED', " + table.errorColumn()
                                + " = ? where id = ? and state = 'SENDING' and claimed_by = ?",
                        truncate(error, table.errorLength()),
                        id,
                        instance)
                == 1;
    }

    /** Nothing to send after all (withdrawn meanwhile). */
    public boolean cancel(long id, String instance) {
        return update("set state = 'CANCELLED' where id = ? and state = 'SENDING' and claimed_by = ?", id, instance)
                == 1;
    }

    /**
     * A failed attempt: back to {@code PENDING} after the backoff for {@code attemptsBefore + 1}
     * failures, or a dead letter once the backoff gives up.
     */
    public Retry retry(long id, String instance, int attemptsBefore, Instant now, String error) {
        return retry(id, instance, attemptsBefore, now, error, null);
    }

    /**
     * As {@link #retry(long, String, int, Instant, String)}, waiting at least {@code atLeast} (null:
     * no minimum) when the receiver said how long to wait (a rate limit's Retry-After or reset time).
     */
    public Retry retry(long id, String instance, int attemptsBefore, Instant now, String error, Duration atLeast) {
        int attempts = attemptsBefore + 1;
        Optional<Duration> wait =
                backoff.after(attempts).map(w -> atLeast != null && atLeast.compareTo(w) > 0 ? atLeast : w);
        if (wait.isEmpty()) {
            update(
                    "set state = 'FAILED', attempts = attempts + 1, " + table.errorColumn() + " = ?"
                            + " where id = ? and state = 'SENDING' and claimed_by = ?",
                    truncate(error, table.errorLength()),
                    id,
                    instance);
            return new Retry(Optional.empty(), attempts);
        }
        Instant next = now.plus(wait.get());
        release(id, instance, next, true, error);
        return new Retry(Optional.of(next), attempts);
    }

    /** Back to {@code PENDING}, due at {@code nextAttempt} (null: now); {@code countAttempt} for failures. */
    public boolean release(long id, String instance, Instant nextAttempt, boolean countAttempt, String error) {
        return update(
                        "set state = 'PENDING', " + table.nextAttemptColumn() + " = ?, attempts = attempts + ?, "
                                + table.errorColumn()
                                + " = ?, claimed_by = null where id = ? and state = 'SENDING' and claimed_by = ?",
                        utc(nextAttempt),
                        countAttempt ? 1 : 0,
                        truncate(error, table.errorLength()),
                        id,
                        instance)
                == 1;
    }

    /** Claims dated before {@code now - staleAfter}: their sender died between claim and record. Oldest first. */
    public List<Long> staleClaims(Instant now) {
        return jdbc.sql("select id from " + table.name() + " where state = 'SENDING' and claimed_at < ? order by id")
                .param(utc(now.minus(staleAfter)))
                .query(Long.class)
                .list();
    }

    /**
     * Takes a stale claim over for {@code instance}: a conditional update on the old date, so of two
     * instances looking at once exactly one gets it. The new holder then records or releases it.
     */
    public boolean takeOver(long id, String instance, Instant now) {
        return update(
                        "set claimed_by = ?, claimed_at = ? where id = ? and state = 'SENDING' and claimed_at < ?",
                        instance,
                        utc(now),
                        id,
                        utc(now.minus(staleAfter)))
                == 1;
    }

    /**
     * For a table with no way to tell whether a stale row went out: every stale claim is taken over and
     * put back to be sent again, as a counted attempt (a row that kills its sender ends as a dead
     * letter, not in a loop). Returns how many were put back.
     */
    public int recoverStale(String instance, Instant now) {
        int recovered = 0;
        for (long id : staleClaims(now)) {
            if (!takeOver(id, instance, now)) continue;
            if (release(id, instance, now, true, "claim went stale; sending again")) recovered++;
        }
        return recovered;
    }

    public long count(OutboxState state) {
        return jdbc.sql("select count(*) from " + table.name() + " where state = ?")
                .param(state.name())
                .query(Long.class)
                .single();
    }

    /** Deletes rows in {@code state} whose {@code timeColumn} is before {@code before}; returns how many. */
    public int purge(OutboxState state, String timeColumn, Instant before) {
        if (!timeColumn.matches("[a-z_]+")) throw new IllegalArgumentException("not a column: " + timeColumn);
        return jdbc.sql("delete from " + table.name() + " where state = ? and " + timeColumn + " < ?")
                .params(state.name(), utc(before))
                .update();
    }

    private int update(String rest, Object... params) {
        return jdbc.sql("update " + table.name() + " " + rest).params(params).update();
    }
}
