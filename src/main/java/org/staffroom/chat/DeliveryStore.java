package org.staffroom.chat;

import static org.staffroom.config.Sql.instant;
import static org.staffroom.config.Sql.utc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import org.staffroom.config.Platform;
import org.staffroom.config.Sql;
import org.staffroom.outbox.Backoff;
import org.staffroom.outbox.Outbox;
import org.staffroom.outbox.OutboxState;

/**
 * SQL for the delivery table, an outbox ({@link Outbox}: claim, finish, stale takeover, backoff) with
 * per-lane reading on top. Times here are real time: pacing and retries are not business time.
 */
@Repository
class DeliveryStore {

    private static final String COLUMNS =
            "id, idempotency_key, kind, platform, space_id, channel_id, thread_id, thread_of_key, "
                    + "target_key, direct_user_id, payload, state, attempts, not_before, claimed_at, message_id, sent_channel_id, "
                    + "error, created_at";

    private final JdbcClient jdbc;
    private final Sql.Rows<DeliveryRow> deliveries;
    private final Outbox outbox;
    private final TransactionTemplate ownTransaction;

    DeliveryStore(JdbcClient jdbc, DeliverySettings settings, PlatformTransactionManager tm) {
        this.jdbc = jdbc;
        this.ownTransaction = new TransactionTemplate(tm);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.deliveries = new Sql.Rows<>(jdbc, DeliveryStore::row);
        this.outbox = new Outbox(
                jdbc,
                DeliveryOutbox.TABLE,
                new Backoff(settings.firstRetry(), settings.longestRetry(), settings.maxAttempts()),
                settings.staleAfter());
    }

    Outbox outbox() {
        return outbox;
    }

    /** Inserts unless a row with the key exists. Returns true if this call inserted it. */
    boolean insert(
            String key,
            DeliveryRow.Kind kind,
            Platform platform,
            String spaceId,
            String channelId,
            String threadId,
            String threadOfKey,
            String targetKey,
            String directUserId,
            String payload) {
        return jdbc.sql("""
                insert into delivery (idempotency_key, kind, platform, space_id, channel_id, thread_id, thread_of_key,
                    target_key, direct_user_id, payload, state, attempts, created_at, lane)
                select ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'PENDING', 0, ?, ?
                where not exists (select 1 from delivery where idempotency_key = ?)""")
                        .params(
                                key,
                                kind.name(),
                                platform.name(),
                                spaceId,
                                channelId,
                                threadId,
                                threadOfKey,
                                targetKey,
                                directUserId,
                                payload,
                                now(),
                                DeliveryRow.lane(platform, spaceId, channelId, directUserId, targetKey),
                                key)
                        .update()
                == 1;
    }

    Optional<DeliveryRow> find(String key) {
        return deliveries.one("select " + COLUMNS + " from delivery where idempotency_key = ?", key);
    }

    Optional<DeliveryRow> findById(long id) {
        return deliveries.one("select " + COLUMNS + " from delivery where id = ?", id);
    }

    /** The post that produced a platform message, if the bot sent it. */
    Optional<String> keyOf(MessageRef message) {
        return jdbc.sql("""
                select idempotency_key from delivery
                where kind = 'POST' and platform = ? and message_id = ? and (sent_channel_id = ? or channel_id = ?)""")
                .params(
                        message.channel().platform().name(),
                        message.id(),
                        message.channel().id(),
                        message.channel().id())
                .query(String.class)
                .optional();
    }

    /** A pending edit of {@code targetKey} not yet sent, to fold a newer edit into. */
    Optional<DeliveryRow> pendingEdit(String targetKey) {
        return jdbc
                .sql("select " + COLUMNS
                        + " from delivery where kind = 'EDIT' and target_key = ? and state = 'PENDING' order by id")
                .param(targetKey)
                .query(DeliveryStore::row)
                .list()
                .stream()
                .findFirst();
    }

    boolean replacePendingPayload(long id, String payload) {
        return jdbc.sql("update delivery set payload = ? where id = ? and state = 'PENDING'")
                        .params(payload, id)
                        .update()
                == 1;
    }

    /**
     * The first unsent row of each lane with nothing in flight, due or not (a lane waits behind its first
     * row), oldest lanes first, at most {@code lanes} of them: each lane gives one row, so a long lane
     * cannot hide the others.
     */
    List<DeliveryRow> laneHeads(int lanes) {
        return deliveries.list(
                "select " + COLUMNS + " from delivery where id in "
                        + "(select min(p.id) from delivery p where p.state = 'PENDING' and not exists "
                        + "(select 1 from delivery s where s.state = 'SENDING' and s.lane = p.lane) group by p.lane) "
                        + "order by id limit ?",
                lanes);
    }

    /** As {@link #claim(long, String, String)}, the lane read from the row. */
    boolean claim(long id, String instance) {
        return findById(id).map(r -> claim(id, r.lane(), instance)).orElse(false);
    }

    /**
     * {@code PENDING -> SENDING} for {@code instance} if the row is its lane's first unsent row and nothing
     * of the lane is in flight, on any instance. The lane's lock row makes the claims of one lane take
     * turns, so each sees the others' (committed) claims: two edits of one message never race to the
     * platform, where the older could land last.
     */
    boolean claim(long id, String lane, String instance) {
        Boolean claimed = ownTransaction.execute(s -> claimLocked(id, lane, instance));
        if (claimed != null) return claimed;
        try {
            jdbc.sql("insert into delivery_lane_lock (lane) select ? where not exists "
                            + "(select 1 from delivery_lane_lock where lane = ?)")
                    .params(lane, lane)
                    .update();
        } catch (DuplicateKeyException e) {
            // Made a moment ago by another sender.
        }
        return Boolean.TRUE.equals(ownTransaction.execute(s -> claimLocked(id, lane, instance)));
    }

    /** Null when the lane has no lock row yet. */
    private Boolean claimLocked(long id, String lane, String instance) {
        if (jdbc.sql("select lane from delivery_lane_lock where lane = ? for update")
                .param(lane)
                .query(String.class)
                .optional()
                .isEmpty()) return null;
        return jdbc.sql("""
                update delivery set state = 'SENDING', claimed_by = ?, claimed_at = ?
                where id = ? and state = 'PENDING' and not exists (select 1 from delivery d where d.lane = ?
                    and (d.state = 'SENDING' or (d.state = 'PENDING' and d.id < ?)))""").params(instance, now(), id, lane, id).update() == 1;
    }

    /*
     * The ends of a claim apply only while {@code instance} still holds it: a claim another instance
     * took over (it looked stale) is theirs to finish, and a late answer here must not flip it back.
     */

    void markSent(long id, String instance, MessageRef message) {
        // The content is not needed once sent (the platform has it): keep only what identifies the post,
        // its thread included: a reply posted into the thread of another post (threadOf) learns its
        // thread only now, and on Discord a reply can be edited or deleted only in its thread.
        outbox.complete(
                id,
                instance,
                "message_id = ?, sent_channel_id = ?, thread_id = coalesce(thread_id, ?), sent_at = ?, payload = null",
                message.id(),
                message.channel().id(),
                message.threadId(),
                now());
    }

    void markFailed(long id, String instance, String error) {
        outbox.fail(id, instance, error);
    }

    /** Puts a claimed row back to wait until {@code notBefore}; {@code countAttempt} for failures. */
    void release(long id, String instance, Instant notBefore, boolean countAttempt, String error) {
        outbox.release(id, instance, notBefore, countAttempt, error);
    }

    /** A failed attempt: retried after the outbox's backoff, or a dead letter once it gives up. */
    Outbox.Retry retry(long id, String instance, int attemptsBefore, String error) {
        return outbox.retry(id, instance, attemptsBefore, Instant.now(), error);
    }

    /** Dates the claim from now while {@code instance} holds it; false if it no longer does. */
    boolean touchClaim(long id, String instance) {
        return outbox.touch(id, instance, Instant.now());
    }

    /** Takes a stale claim over for checking; false if another instance took it or it moved on. */
    boolean takeOverStale(long id, String instance) {
        return outbox.takeOver(id, instance, Instant.now());
    }

    /** Rows claimed longer ago than the stale threshold: their sender died. */
    List<DeliveryRow> staleClaims() {
        List<Long> ids = outbox.staleClaims(Instant.now());
        return ids.stream().map(this::findById).flatMap(Optional::stream).toList();
    }

    long count(Delivery.State state) {
        return outbox.count(OutboxState.valueOf(state.name()));
    }

    /** Deletes sent and failed rows created before {@code before} (retention); returns how many. */
    int purge(Instant before) {
        return outbox.purge(OutboxState.SENT, "created_at", before)
                + outbox.purge(OutboxState.FAILED, "created_at", before);
    }

    private static DeliveryRow row(ResultSet rs, int n) throws SQLException {
        return new DeliveryRow(
                rs.getLong("id"),
                rs.getString("idempotency_key"),
                DeliveryRow.Kind.valueOf(rs.getString("kind")),
                Platform.valueOf(rs.getString("platform")),
                rs.getString("space_id"),
                rs.getString("channel_id"),
                rs.getString("thread_id"),
                rs.getString("thread_of_key"),
                rs.getString("target_key"),
                rs.getString("direct_user_id"),
                rs.getString("payload"),
                Delivery.State.valueOf(rs.getString("state")),
                rs.getInt("attempts"),
                instant(rs, "not_before"),
                instant(rs, "claimed_at"),
                rs.getString("message_id"),
                rs.getString("sent_channel_id"),
                rs.getString("error"),
                instant(rs, "created_at"));
    }

    private static OffsetDateTime now() {
        return utc(Instant.now());
    }
}
