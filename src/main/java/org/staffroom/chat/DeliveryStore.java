package org.staffroom.chat;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import org.staffroom.config.Platform;

/** SQL for the delivery table. Times here are real time: pacing and retries are not business time. */
@Repository
class DeliveryStore {

    private static final String COLUMNS = "id, idempotency_key, kind, platform, space_id, channel_id, thread_id, thread_of_key, "
            + "target_key, direct_user_id, payload, state, attempts, not_before, claimed_at, message_id, sent_channel_id, "
            + "error, created_at";

    private final JdbcClient jdbc;

    DeliveryStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Inserts unless a row with the key exists. Returns true if this call inserted it. */
    boolean insert(String key, DeliveryRow.Kind kind, Platform platform, String spaceId, String channelId,
                   String threadId, String threadOfKey, String targetKey, String directUserId, String payload) {
        return jdbc.sql("""
                insert into delivery (idempotency_key, kind, platform, space_id, channel_id, thread_id, thread_of_key,
                    target_key, direct_user_id, payload, state, attempts, created_at)
                select ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'PENDING', 0, ?
                where not exists (select 1 from delivery where idempotency_key = ?)""")
                .params(key, kind.name(), platform.name(), spaceId, channelId, threadId, threadOfKey, targetKey,
                        directUserId, payload, now(), key)
                .update() == 1;
    }

    Optional<DeliveryRow> find(String key) {
        return jdbc.sql("select " + COLUMNS + " from delivery where idempotency_key = ?").param(key)
                .query(DeliveryStore::row).optional();
    }

    Optional<DeliveryRow> findById(long id) {
        return jdbc.sql("select " + COLUMNS + " from delivery where id = ?").param(id).query(DeliveryStore::row).optional();
    }

    /** The post that produced a platform message, if the bot sent it. */
    Optional<String> keyOf(MessageRef message) {
        return jdbc.sql("""
                select idempotency_key from delivery
                where kind = 'POST' and platform = ? and message_id = ? and (sent_channel_id = ? or channel_id = ?)""")
                .params(message.channel().platform().name(), message.id(), message.channel().id(), message.channel().id())
                .query(String.class).optional();
    }

    /** A pending edit of {@code targetKey} not yet sent, to fold a newer edit into. */
    Optional<DeliveryRow> pendingEdit(String targetKey) {
        return jdbc.sql("select " + COLUMNS + " from delivery where kind = 'EDIT' and target_key = ? and state = 'PENDING' order by id")
                .param(targetKey).query(DeliveryStore::row).list().stream().findFirst();
    }

    boolean replacePendingPayload(long id, String payload) {
        return jdbc.sql("update delivery set payload = ? where id = ? and state = 'PENDING'").params(payload, id).update() == 1;
    }

    /** The oldest unsent rows, due or not (a lane waits behind its first row). */
    List<DeliveryRow> pending(int limit) {
        return jdbc.sql("select " + COLUMNS + " from delivery where state = 'PENDING' order by id limit ?")
                .param(limit).query(DeliveryStore::row).list();
    }

    boolean claim(long id, String instance) {
        return jdbc.sql("update delivery set state = 'SENDING', claimed_by = ?, claimed_at = ? where id = ? and state = 'PENDING'")
                .params(instance, now(), id).update() == 1;
    }

    /*
     * The ends of a claim apply only while {@code instance} still holds it: a claim another instance
     * took over (it looked stale) is theirs to finish, and a late answer here must not flip it back.
     */

    void markSent(long id, String instance, MessageRef message) {
        // The content is not needed once sent (the platform has it): keep only what identifies the post,
        // its thread included: a reply posted into the thread of another post (threadOf) learns its
        // thread only now, and on Discord a reply can be edited or deleted only in its thread.
        jdbc.sql("""
                update delivery set state = 'SENT', message_id = ?, sent_channel_id = ?, thread_id = coalesce(thread_id, ?),
                    sent_at = ?, error = null, payload = null
                where id = ? and state = 'SENDING' and claimed_by = ?""")
                .params(message.id(), message.channel().id(), message.threadId(), now(), id, instance).update();
    }

    void markFailed(long id, String instance, String error) {
        jdbc.sql("update delivery set state = 'FAILED', error = ? where id = ? and state = 'SENDING' and claimed_by = ?")
                .params(truncate(error), id, instance).update();
    }

    /** Puts a claimed row back to wait until {@code notBefore}; {@code countAttempt} for failures. */
    void release(long id, String instance, Instant notBefore, boolean countAttempt, String error) {
        jdbc.sql("""
                update delivery set state = 'PENDING', not_before = ?, attempts = attempts + ?, error = ?, claimed_by = null
                where id = ? and state = 'SENDING' and claimed_by = ?""")
                .params(notBefore == null ? null : utc(notBefore), countAttempt ? 1 : 0, truncate(error), id, instance).update();
    }

    /** Dates the claim from now while {@code instance} holds it; false if it no longer does. */
    boolean touchClaim(long id, String instance) {
        return jdbc.sql("update delivery set claimed_at = ? where id = ? and state = 'SENDING' and claimed_by = ?")
                .params(now(), id, instance).update() == 1;
    }

    /** Takes a stale claim over for checking; false if another instance took it or it moved on. */
    boolean takeOverStale(long id, String instance, Instant before) {
        return jdbc.sql("update delivery set claimed_by = ?, claimed_at = ? where id = ? and state = 'SENDING' and claimed_at < ?")
                .params(instance, now(), id, utc(before)).update() == 1;
    }

    /** Rows claimed but not finished before {@code before}: their sender died. */
    List<DeliveryRow> staleClaims(Instant before) {
        return jdbc.sql("select " + COLUMNS + " from delivery where state = 'SENDING' and claimed_at < ? order by id")
                .param(utc(before)).query(DeliveryStore::row).list();
    }

    long count(Delivery.State state) {
        return jdbc.sql("select count(*) from delivery where state = ?").param(state.name()).query(Long.class).single();
    }

    private static DeliveryRow row(ResultSet rs, int n) throws SQLException {
        return new DeliveryRow(rs.getLong("id"), rs.getString("idempotency_key"), DeliveryRow.Kind.valueOf(rs.getString("kind")),
                Platform.valueOf(rs.getString("platform")), rs.getString("space_id"), rs.getString("channel_id"),
                rs.getString("thread_id"), rs.getString("thread_of_key"), rs.getString("target_key"),
                rs.getString("direct_user_id"), rs.getString("payload"), Delivery.State.valueOf(rs.getString("state")),
                rs.getInt("attempts"), instant(rs, "not_before"), instant(rs, "claimed_at"), rs.getString("message_id"),
                rs.getString("sent_channel_id"), rs.getString("error"), instant(rs, "created_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    private static OffsetDateTime now() {
        return utc(Instant.now());
    }

    private static OffsetDateTime utc(Instant i) {
        return i.atOffset(ZoneOffset.UTC);
    }

    private static String truncate(String s) {
        return s == null || s.length() <= 1000 ? s : s.substring(0, 1000);
    }
}
