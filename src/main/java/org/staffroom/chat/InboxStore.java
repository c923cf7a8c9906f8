package org.staffroom.chat;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The SQL of the inbound side: recorded events ({@code inbound_event}), their claims, their
 * outcome (DONE, or FAILED with the error and when to try again) and the last known state of each
 * reaction.
 */
@Repository
class InboxStore {

    private final JdbcClient jdbc;

    InboxStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** An event as recorded, with its payload to hand in again. */
    record Stored(long id, String payload, String failedListeners) {}

    boolean seen(String eventKey) {
        return jdbc.sql("select count(*) from inbound_event where event_key = ?")
                        .param(eventKey)
                        .query(Long.class)
                        .single()
                > 0;
    }

    boolean seenContent(String contentKey) {
        return jdbc.sql("select count(*) from inbound_event where content_key = ?")
                        .param(contentKey)
                        .query(Long.class)
                        .single()
                > 0;
    }

    long insert(String eventKey, String contentKey, String platform, String kind, String payload, Instant at) {
        jdbc.sql("""
                insert into inbound_event (event_key, content_key, platform, kind, payload, state, received_at)
                values (?, ?, ?, ?, ?, 'RECEIVED', ?)""")
                .params(eventKey, contentKey, platform, kind, payload, utc(at))
                .update();
        return jdbc.sql("select id from inbound_event where event_key = ?")
                .param(eventKey)
                .query(Long.class)
                .single();
    }

    long backlog() {
        return jdbc.sql("select count(*) from inbound_event where state = 'RECEIVED'")
                .query(Long.class)
                .single();
    }

    /** Events recorded and never handled (the process died), oldest first. */
    List<Stored> received() {
        return jdbc.sql("select id, payload, failed_listeners from inbound_event where state = 'RECEIVED' order by id")
                .query((rs, n) -> new Stored(rs.getLong(1), rs.getString(2), rs.getString(3)))
                .list();
    }

    /** Events recorded or claimed before {@code before} and still not handled. */
    List<Stored> abandoned(Instant before) {
        return jdbc.sql("""
                select id, payload, failed_listeners from inbound_event
                where state = 'RECEIVED' and coalesce(claimed_at, received_at) < ?
                order by id""")
                .param(utc(before))
                .query((rs, n) -> new Stored(rs.getLong(1), rs.getString(2), rs.getString(3)))
                .list();
    }

    /** Claims a received event for {@code instance}; false if another instance holds a live claim or it is handled. */
    boolean claim(long id, String instance, Instant now, Instant staleBefore) {
        return jdbc.sql("""
                update inbound_event set claimed_by = ?, claimed_at = ?
                where id = ? and state = 'RECEIVED' and (claimed_by is null or claimed_by = ? or claimed_at < ?)""")
                        .params(instance, utc(now), id, instance, utc(staleBefore))
                        .update()
                == 1;
    }

    /** Handled: keep the keys (to recognise redeliveries) but not what people wrote. */
    void done(long id, Instant now) {
        jdbc.sql("""
                update inbound_event set state = 'DONE', processed_at = ?, payload = '{}', next_attempt_at = null,
                    failed_listeners = null where id = ?""").params(utc(now), id).update();
    }

    /**
     * Failed: the error and the listeners that failed are kept; {@code retryAt} null means no more
     * tries, and then the payload goes too.
     */
    void failed(long id, String error, String listeners, int attempts, Instant now, Instant retryAt) {
        jdbc.sql("""
                update inbound_event set state = 'FAILED', processed_at = ?, attempts = ?, last_error = ?,
                    failed_listeners = ?, next_attempt_at = ?, payload = case when ? then payload else '{}' end
                where id = ?""")
                .params(
                        utc(now),
                        attempts,
                        error,
                        listeners,
                        retryAt == null ? null : utc(retryAt),
                        retryAt != null,
                        id)
                .update();
    }

    /** A stored event that cannot even be read. */
    void unreadable(long id, String error, Instant now) {
        failed(id, error, null, 1, now, null);
    }

    int attempts(long id) {
        return jdbc.sql("select attempts from inbound_event where id = ?")
                .param(id)
                .query(Integer.class)
                .single();
    }

    /** Failed handlings due for another try. */
    List<Stored> dueForRetry(Instant now) {
        return jdbc.sql("""
                select id, payload, failed_listeners from inbound_event
                where state = 'FAILED' and next_attempt_at is not null and next_attempt_at <= ?
                order by id""")
                .param(utc(now))
                .query((rs, n) -> new Stored(rs.getLong(1), rs.getString(2), rs.getString(3)))
                .list();
    }

    /** Takes a due retry for {@code instance}, so that only one instance tries it. */
    boolean claimRetry(long id, String instance, Instant now) {
        return jdbc.sql("""
                update inbound_event set next_attempt_at = null, claimed_by = ?, claimed_at = ?
                where id = ? and state = 'FAILED' and next_attempt_at is not null and next_attempt_at <= ?""").params(instance, utc(now), id, utc(now)).update() == 1;
    }

    /** The latest failed handlings, newest first. */
    List<InboundFailure> failures(int limit) {
        return jdbc.sql("""
                select id, event_key, platform, kind, attempts, last_error, received_at, processed_at, next_attempt_at
                from inbound_event where state = 'FAILED' order by processed_at desc, id desc limit ?""")
                .param(limit)
                .query((rs, n) -> new InboundFailure(
                        rs.getLong(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getInt(5),
                        rs.getString(6),
                        instant(rs.getObject(7, OffsetDateTime.class)),
                        instant(rs.getObject(8, OffsetDateTime.class)),
                        instant(rs.getObject(9, OffsetDateTime.class))))
                .list();
    }

    /** Deletes handled events received before {@code keysBefore} and given-up failures received before {@code failuresBefore}. */
    void forget(Instant keysBefore, Instant failuresBefore) {
        jdbc.sql("""
                delete from inbound_event where (state = 'DONE' and received_at < ?)
                    or (state = 'FAILED' and next_attempt_at is null and received_at < ?)""").params(utc(keysBefore), utc(failuresBefore)).update();
    }

    Optional<Object[]> reactionState(String messageKey, String userKey, String emoji) {
        return jdbc.sql(
                        "select present, changed_at from reaction_state where message_key = ? and user_key = ? and emoji = ?")
                .params(messageKey, userKey, emoji)
                .query((rs, n) -> new Object[] {
                    rs.getBoolean(1), rs.getObject(2, OffsetDateTime.class).toInstant()
                })
                .optional();
    }

    void insertReactionState(String messageKey, String userKey, String emoji, boolean present, Instant at) {
        jdbc.sql(
                        "insert into reaction_state (message_key, user_key, emoji, present, changed_at) values (?, ?, ?, ?, ?)")
                .params(messageKey, userKey, emoji, present, utc(at))
                .update();
    }

    void updateReactionState(String messageKey, String userKey, String emoji, boolean present, Instant at) {
        jdbc.sql(
                        "update reaction_state set present = ?, changed_at = ? where message_key = ? and user_key = ? and emoji = ?")
                .params(present, utc(at), messageKey, userKey, emoji)
                .update();
    }

    static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }
}
