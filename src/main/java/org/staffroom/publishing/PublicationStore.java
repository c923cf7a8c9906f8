package org.staffroom.publishing;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * SQL for the publication outbox. A claim is a conditional update of a due row that nobody holds,
 * or whose holder's claim went stale; the ends of a claim apply only while the claimer still holds it.
 */
@Repository
class PublicationStore {

    private final JdbcClient jdbc;

    PublicationStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** One row per post and network: false if it is already there (the approval was seen twice). */
    boolean insert(long draftId, String network, String owner, String key, Instant due, Instant now) {
        return jdbc.sql("""
                insert into publication (draft_id, network, owner, idempotency_key, state, due_at, attempts, next_attempt_at,
                    created_at, updated_at)
                select ?, ?, ?, ?, 'SCHEDULED', ?, 0, ?, ?, ?
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

    /** Rows with work to do now: due, and not held (or held by a claim older than {@code staleBefore}). */
    List<Publication> due(Instant now, Instant staleBefore, int limit) {
        return jdbc.sql("""
                select * from publication where state in ('SCHEDULED', 'TAKING_DOWN') and next_attempt_at <= ?
                  and (claimed_by is null or claimed_at < ?) order by next_attempt_at, id limit ?""")
                .params(utc(now), utc(staleBefore), limit)
                .query(PublicationStore::row)
                .list();
    }

    boolean claim(long id, Publication.State state, String instance, Instant now, Instant staleBefore) {
        return jdbc.sql("""
                update publication set claimed_by = ?, claimed_at = ?, updated_at = ?
                where id = ? and state = ? and next_attempt_at <= ? and (claimed_by is null or claimed_at < ?)""")
                        .params(instance, utc(now), utc(now), id, state.name(), utc(now), utc(staleBefore))
                        .update()
                == 1;
    }

    /** Marks the first request as about to leave (committed first, so any later try reconciles). */
    boolean firstAttempt(long id, String instance, Instant now) {
        return jdbc.sql(
                                "update publication set first_attempt_at = coalesce(first_attempt_at, ?) where id = ? and claimed_by = ?")
                        .params(utc(now), id, instance)
                        .update()
                == 1;
    }

    boolean published(long id, String instance, String remoteId, String url, Instant now) {
        return jdbc.sql("""
                update publication set state = 'PUBLISHED', remote_id = ?, remote_url = ?, published_at = ?, last_error = null,
                    claimed_by = null, claimed_at = null, updated_at = ?
                where id = ? and state = 'SCHEDULED' and claimed_by = ?""")
                        .params(remoteId, url, utc(now), utc(now), id, instance)
                        .update()
                == 1;
    }

    /** Back to wait (a rate limit or a passing failure); {@code state} stays. */
    void release(long id, String instance, Instant next, String error, Instant now) {
        jdbc.sql("""
                update publication set attempts = attempts + 1, next_attempt_at = ?, last_error = ?, claimed_by = null,
                    claimed_at = null, updated_at = ? where id = ? and claimed_by = ?""").params(utc(next), truncate(error), utc(now), id, instance).update();
    }

    /** Failed for good until someone retries (publishing) or marks it done (a takedown that became MANUAL). */
    boolean fail(long id, String instance, Publication.State to, String error, Instant now) {
        return jdbc.sql("""
                update publication set state = ?, attempts = attempts + 1, last_error = ?, claimed_by = null, claimed_at = null,
                    updated_at = ? where id = ? and claimed_by = ?""")
                        .params(to.name(), truncate(error), utc(now), id, instance)
                        .update()
                == 1;
    }

    boolean deleted(long id, String instance, Instant now) {
        return jdbc.sql("""
                update publication set state = 'DELETED', taken_down_at = ?, last_error = null, claimed_by = null, claimed_at = null,
                    updated_at = ? where id = ? and state = 'TAKING_DOWN' and claimed_by = ?""").params(utc(now), utc(now), id, instance).update() == 1;
    }

    /** Moves a row from one of {@code from} to {@code to}, due at {@code next} (null keeps it). */
    boolean move(
            long id, List<Publication.State> from, Publication.State to, Instant next, String reason, Instant now) {
        String in =
                String.join(",", from.stream().map(s -> "'" + s.name() + "'").toList());
        return jdbc.sql("update publication set state = ?, next_attempt_at = coalesce(?, next_attempt_at), "
                                + "takedown_reason = coalesce(?, takedown_reason), claimed_by = null, claimed_at = null, updated_at = ? "
                                + "where id = ? and state in (" + in + ")")
                        .params(to.name(), next == null ? null : utc(next), reason, utc(now), id)
                        .update()
                == 1;
    }

    boolean reschedule(long id, Instant due, Instant now) {
        return jdbc.sql("""
                update publication set due_at = ?, next_attempt_at = ?, updated_at = ?
                where id = ? and state in ('SCHEDULED', 'FAILED') and claimed_by is null""").params(utc(due), utc(due), utc(now), id).update() == 1;
    }

    /** Retry by hand: a failed one goes again now, with its attempts counted afresh. */
    boolean retry(long id, Instant now) {
        return jdbc.sql("""
                update publication set state = 'SCHEDULED', attempts = 0, next_attempt_at = ?, updated_at = ?
                where id = ? and state = 'FAILED'""").params(utc(now), utc(now), id).update() == 1;
    }

    boolean done(long id, String by, Instant now) {
        return jdbc.sql("""
                update publication set state = 'DONE', done_by = ?, taken_down_at = ?, updated_at = ? where id = ? and state = 'MANUAL'""").params(by, utc(now), utc(now), id).update() == 1;
    }

    /** Open takedowns someone must do by hand, not reminded since {@code before}. */
    List<Publication> toRemind(Instant before) {
        return jdbc.sql(
                        "select * from publication where state = 'MANUAL' and (reminded_at is null or reminded_at < ?) order by id")
                .param(utc(before))
                .query(PublicationStore::row)
                .list();
    }

    boolean reminded(long id, Instant previous, Instant now) {
        return jdbc.sql("update publication set reminded_at = ? where id = ? and state = 'MANUAL' and "
                                + (previous == null ? "reminded_at is null" : "reminded_at = ?"))
                        .params(
                                previous == null
                                        ? new Object[] {utc(now), id}
                                        : new Object[] {utc(now), id, utc(previous)})
                        .update()
                == 1;
    }

    List<Publication> open() {
        return jdbc.sql("select * from publication where state = 'MANUAL' order by id")
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
        return jdbc.sql("select count(*) from publication where state = ?")
                .param(state.name())
                .query(Long.class)
                .single();
    }

    private static Publication row(ResultSet rs, int n) throws SQLException {
        return new Publication(
                rs.getLong("id"),
                rs.getLong("draft_id"),
                rs.getString("network"),
                rs.getString("owner"),
                rs.getString("idempotency_key"),
                Publication.State.valueOf(rs.getString("state")),
                instant(rs, "due_at"),
                rs.getInt("attempts"),
                instant(rs, "next_attempt_at"),
                instant(rs, "claimed_at"),
                rs.getString("claimed_by"),
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

    private static String truncate(String s) {
        return s == null || s.length() <= 1000 ? s : s.substring(0, 1000);
    }
}
