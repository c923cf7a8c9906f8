package org.staffroom.publishing;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.staffroom.outbox.Backoff;
import org.staffroom.outbox.Outbox;
import org.staffroom.outbox.OutboxState;
import org.staffroom.outbox.OutboxTable;

/**
 * SQL for the publication table, an outbox of the shared protocol ({@link #TABLE}): claims, stale
 * takeovers, retries and dead letters go through {@link Outbox}; this store keeps what is
 * publishing's own — the schedule, the first-attempt mark that makes a later try reconcile, the
 * link, the move from publishing to taking down, and the open takedowns. A row's {@code action}
 * (PUBLISH, then TAKEDOWN) with its outbox state gives the {@link Publication.State} shown to people.
 */
@Repository
class PublicationStore {

    /** The publication table as an outbox: failed publications and takedowns left to do by hand are its dead letters. */
    static final OutboxTable TABLE = new OutboxTable(
            "publication",
            "action || ' on ' || network || ' of draft ' || draft_id",
            "next_attempt_at",
            "last_error",
            1000);

    private final JdbcClient jdbc;

    PublicationStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** An outbox over this table with its own retry schedule (publishing and taking down wait differently). */
    Outbox outbox(Backoff backoff, Duration staleAfter) {
        return new Outbox(jdbc, TABLE, backoff, staleAfter);
    }

    /** One row per post and network: false if it is already there (the approval was seen twice). */
    boolean insert(long draftId, String network, String owner, String key, Instant due, Instant now) {
        return jdbc.sql("""
                insert into publication (draft_id, network, owner, idempotency_key, action, state, due_at, attempts,
                    next_attempt_at, created_at, updated_at)
                select ?, ?, ?, ?, 'PUBLISH', 'PENDING', ?, 0, ?, ?, ?
                where not exists (select 1 from publication where draft_id = ? and network = ?)""")
                        .params(draftId, network, owner, key, utc(due), utc(due), utc(now), utc(now), draftId, network)
                        .update()
                == 1;
    }

    Optional<Publication> find(long id) {
        return jdbc.sql("select * from publication where id = ?")
                .param(id)
                .query(PublicationStore::row)
                .optional();
    }

    List<Publication> ofDraft(long draftId) {
        return jdbc.sql("select * from publication where draft_id = ? order by id")
                .param(draftId)
                .query(PublicationStore::row)
                .list();
    }

    /**
     * Rows waiting to be claimed whose time has come, in turns: the oldest due of every account (an owner's network),
     * then the second of each, and so on, at most {@code perAccount} of each. A backlog on one network cannot hold
     * back the others.
     */
    List<Publication> due(Instant now, int perAccount) {
        return jdbc.sql("""
                select * from (
                    select p.*, row_number() over (partition by owner, network order by next_attempt_at, id) as turn
                    from publication p where state = 'PENDING' and next_attempt_at <= ?) d
                where turn <= ? order by turn, next_attempt_at, id""")
                .params(utc(now), perAccount)
                .query(PublicationStore::row)
                .list();
    }

    /** An account asked to slow down: its rows waiting to go before {@code until} wait until then. */
    int deferAccount(String owner, String network, Instant until, Instant now) {
        return jdbc.sql("""
                update publication set next_attempt_at = ?, updated_at = ?
                where owner = ? and network = ? and state = 'PENDING' and next_attempt_at < ?""")
                .params(utc(until), utc(now), owner, network, utc(until))
                .update();
    }

    /** Marks the first request as about to leave (committed first, so any later try reconciles). */
    boolean firstAttempt(long id, String instance, Instant now) {
        return jdbc.sql("""
                update publication set first_attempt_at = coalesce(first_attempt_at, ?)
                where id = ? and state = 'SENDING' and claimed_by = ?""").params(utc(now), id, instance).update() == 1;
    }

    /** The assignments {@link Outbox#complete} adds when a post is out: its id and link on the network. */
    static final String PUBLISHED = "remote_id = ?, remote_url = ?, published_at = ?, updated_at = ?";

    /** The assignments {@link Outbox#complete} adds when a post was deleted from the network. */
    static final String DELETED = "taken_down_at = ?, updated_at = ?";

    /** A published post goes back into the outbox to be deleted: false if it is not out (or already going). */
    boolean startTakedown(long id, String reason, Instant now) {
        return jdbc.sql("""
                update publication set action = 'TAKEDOWN', state = 'PENDING', attempts = 0, next_attempt_at = ?,
                    last_error = null, takedown_reason = coalesce(?, takedown_reason), updated_at = ?
                where id = ? and action = 'PUBLISH' and state = 'SENT'""").params(utc(now), reason, utc(now), id).update() == 1;
    }

    /** Cancels a publication not out and not in flight (waiting or failed); false otherwise. */
    boolean cancel(long id, String reason, Instant now) {
        return jdbc.sql("""
                update publication set state = 'CANCELLED', takedown_reason = coalesce(?, takedown_reason), updated_at = ?
                where id = ? and action = 'PUBLISH' and state in ('PENDING', 'FAILED')""").params(reason, utc(now), id).update() == 1;
    }

    boolean reschedule(long id, Instant due, Instant now) {
        return jdbc.sql("""
                update publication set due_at = ?, next_attempt_at = ?, updated_at = ?
                where id = ? and action = 'PUBLISH' and state in ('PENDING', 'FAILED')""").params(utc(due), utc(due), utc(now), id).update() == 1;
    }

    /** Retry by hand: a failed one goes again now, with its attempts counted afresh. */
    boolean retry(long id, Instant now) {
        return jdbc.sql("""
                update publication set state = 'PENDING', attempts = 0, next_attempt_at = ?, updated_at = ?
                where id = ? and action = 'PUBLISH' and state = 'FAILED'""").params(utc(now), utc(now), id).update() == 1;
    }

    /** Someone deleted it by hand: the open item (a dead letter until now) closes. */
    boolean done(long id, String by, Instant now) {
        return jdbc.sql("""
                update publication set state = 'SENT', done_by = ?, taken_down_at = ?, updated_at = ?
                where id = ? and action = 'TAKEDOWN' and state = 'FAILED'""").params(by, utc(now), utc(now), id).update() == 1;
    }

    /** Open takedowns someone must do by hand, not reminded since {@code before}. */
    List<Publication> toRemind(Instant before) {
        return jdbc.sql("select * from publication where " + OPEN
                        + " and (reminded_at is null or reminded_at < ?) order by id")
                .param(utc(before))
                .query(PublicationStore::row)
                .list();
    }

    boolean reminded(long id, Instant previous, Instant now) {
        return jdbc.sql("update publication set reminded_at = ? where id = ? and " + OPEN + " and "
                                + (previous == null ? "reminded_at is null" : "reminded_at = ?"))
                        .params(
                                previous == null
                                        ? new Object[] {utc(now), id}
                                        : new Object[] {utc(now), id, utc(previous)})
                        .update()
                == 1;
    }

    List<Publication> open() {
        return jdbc.sql("select * from publication where " + OPEN + " order by id")
                .query(PublicationStore::row)
                .list();
    }

    /** For the calendar: everything due or published between two instants, of one owner (null: all). */
    List<Publication> between(Instant from, Instant to, String owner) {
        return jdbc.sql(
                        "select * from publication where coalesce(published_at, due_at) >= ? and coalesce(published_at, due_at) < ?"
                                + (owner == null ? "" : " and owner = ?")
                                + " order by coalesce(published_at, due_at), id")
                .params(owner == null ? new Object[] {utc(from), utc(to)} : new Object[] {utc(from), utc(to), owner})
                .query(PublicationStore::row)
                .list();
    }

    long count(Publication.State state) {
        return jdbc.sql("select count(*) from publication where " + where(state))
                .query(Long.class)
                .single();
    }

    /** A takedown the network could not do: someone must, by hand. */
    private static final String OPEN = "action = 'TAKEDOWN' and state = 'FAILED'";

    /** The SQL condition for rows in a {@link Publication.State} (the inverse of {@link #state}). */
    static String where(Publication.State state) {
        return switch (state) {
            case SCHEDULED -> "action = 'PUBLISH' and state in ('PENDING', 'SENDING')";
            case PUBLISHED -> "action = 'PUBLISH' and state = 'SENT'";
            case FAILED -> "action = 'PUBLISH' and state = 'FAILED'";
            case CANCELLED -> "state = 'CANCELLED'";
            case TAKING_DOWN -> "action = 'TAKEDOWN' and state in ('PENDING', 'SENDING')";
            case DELETED -> "action = 'TAKEDOWN' and state = 'SENT' and done_by is null";
            case MANUAL -> OPEN;
            case DONE -> "action = 'TAKEDOWN' and state = 'SENT' and done_by is not null";
        };
    }

    /** What a row is, for people: its action and outbox state together. */
    static Publication.State state(String action, OutboxState state, String doneBy) {
        boolean publish = !"TAKEDOWN".equals(action);
        return switch (state) {
            case PENDING, SENDING -> publish ? Publication.State.SCHEDULED : Publication.State.TAKING_DOWN;
            case SENT ->
                publish
                        ? Publication.State.PUBLISHED
                        : doneBy == null ? Publication.State.DELETED : Publication.State.DONE;
            case FAILED -> publish ? Publication.State.FAILED : Publication.State.MANUAL;
            case CANCELLED -> Publication.State.CANCELLED;
        };
    }

    private static Publication row(ResultSet rs, int n) throws SQLException {
        OutboxState outbox = OutboxState.valueOf(rs.getString("state"));
        return new Publication(
                rs.getLong("id"),
                rs.getLong("draft_id"),
                rs.getString("network"),
                rs.getString("owner"),
                rs.getString("idempotency_key"),
                state(rs.getString("action"), outbox, rs.getString("done_by")),
                instant(rs, "due_at"),
                rs.getInt("attempts"),
                instant(rs, "next_attempt_at"),
                instant(rs, "claimed_at"),
                outbox == OutboxState.SENDING ? rs.getString("claimed_by") : null, // in flight only
                rs.getString("last_error"),
                instant(rs, "first_attempt_at"),
                rs.getString("remote_id"),
                rs.getString("remote_url"),
                instant(rs, "published_at"),
                rs.getString("takedown_reason"),
                instant(rs, "taken_down_at"),
                instant(rs, "reminded_at"),
                rs.getString("done_by"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    static OffsetDateTime utc(Instant i) {
        return i.atOffset(ZoneOffset.UTC);
    }
}
