package org.staffroom.pdchat;

import static org.staffroom.pdchat.OccurrenceStore.utc;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import org.staffroom.config.Sql;

/**
 * SQL for the relay: the copies waiting for or placed in each channel ({@code pdchat_relay_item}),
 * the relay's own messages ({@code pdchat_relay_post}) and each channel's bucket
 * ({@code pdchat_relay_lane}). Callers hold the transactions; a lane is locked with {@link #lock}.
 */
@Repository
class RelayStore {

    /** Where a copy is: waiting, shown in a relay message, or never to be sent (its original went). */
    enum ItemState {
        PENDING,
        PLACED,
        REMOVED
    }

    /** A relay message holds one copy, or rolls: edited as more copies arrive. */
    enum PostKind {
        SINGLE,
        ROLLING
    }

    record Item(long id, long messageId) {}

    record Post(long id, PostKind kind, Instant openedAt, int size) {}

    record Lane(double tokens, Instant refilledAt, Long rollingPostId) {}

    private final JdbcClient jdbc;
    private final JdbcTemplate batches;
    private final TransactionTemplate savepoint;

    RelayStore(JdbcClient jdbc, JdbcTemplate batches, PlatformTransactionManager tm) {
        this.jdbc = jdbc;
        this.batches = batches;
        this.savepoint = new TransactionTemplate(tm);
        this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
    }

    // ---------------------------------------------------------------- copies

    /**
     * One waiting copy per captured message and channel, in one statement: called once per newly captured
     * message (the unique key would refuse a second), it is the bulk of a captured message's writes.
     */
    void enqueue(long capturedId, List<String> channelKeys, Instant now) {
        if (channelKeys.isEmpty()) return;
        StringBuilder sql =
                new StringBuilder("insert into pdchat_relay_item (message_id, channel_key, state, created_at) values ");
        List<Object> params = new java.util.ArrayList<>(channelKeys.size() * 4);
        for (String k : channelKeys) {
            if (!params.isEmpty()) sql.append(", ");
            sql.append("(?, ?, ?, ?)");
            params.addAll(List.of(capturedId, k, ItemState.PENDING.name(), utc(now)));
        }
        jdbc.sql(sql.toString()).params(params).update();
    }

    /** The captured message's waiting copies will never be sent. */
    void removeWaiting(long capturedId) {
        jdbc.sql("update pdchat_relay_item set state = ? where message_id = ? and state = ?")
                .params(ItemState.REMOVED.name(), capturedId, ItemState.PENDING.name())
                .update();
    }

    void remove(long itemId) {
        jdbc.sql("update pdchat_relay_item set state = ? where id = ?")
                .params(ItemState.REMOVED.name(), itemId)
                .update();
    }

    /** The relay messages showing a copy of the captured message are to be rendered again. */
    void markPostsShowing(long capturedId) {
        jdbc.sql("""
                update pdchat_relay_post set dirty = true
                where deleted = false and id in (select relay_post_id from pdchat_relay_item where message_id = ? and state = 'PLACED')""").param(capturedId).update();
    }

    /** The channels a captured message was (or is to be) copied to. */
    List<String> channelsOf(long capturedId) {
        return jdbc.sql("select channel_key from pdchat_relay_item where message_id = ?")
                .param(capturedId)
                .query(String.class)
                .list();
    }

    /** The captured messages a relay message shows, in the order captured. */
    List<Long> placedIn(long postId) {
        return jdbc.sql(
                        "select message_id from pdchat_relay_item where relay_post_id = ? and state = 'PLACED' order by id")
                .param(postId)
                .query(Long.class)
                .list();
    }

    List<String> channelsWithWaitingCopies() {
        return jdbc.sql("select distinct channel_key from pdchat_relay_item where state = 'PENDING'")
                .query(String.class)
                .list();
    }

    /** The channel's waiting copies after item {@code afterId}, oldest first, at most {@code limit}. */
    List<Item> waiting(String channelKey, long afterId, int limit) {
        return jdbc.sql("""
                select id, message_id from pdchat_relay_item where channel_key = ? and state = 'PENDING' and id > ?
                order by id limit ?""")
                .params(channelKey, afterId, limit)
                .query((rs, n) -> new Item(rs.getLong(1), rs.getLong(2)))
                .list();
    }

    void place(List<Item> items, long postId) {
        if (items.isEmpty()) return;
        batches.batchUpdate(
                "update pdchat_relay_item set state = ?, relay_post_id = ? where id = ?",
                items.stream()
                        .map(i -> new Object[] {ItemState.PLACED.name(), postId, i.id()})
                        .toList());
    }

    // ---------------------------------------------------------------- relay messages

    List<String> channelsWithDirtyPosts() {
        return jdbc.sql("select distinct channel_key from pdchat_relay_post where dirty = true and deleted = false")
                .query(String.class)
                .list();
    }

    /** The channel's oldest relay message to render again, if any. */
    Optional<Post> firstDirty(String channelKey) {
        return jdbc.sql("""
                select id, kind, opened_at, size_chars from pdchat_relay_post
                where channel_key = ? and dirty = true and deleted = false order by id limit 1""").param(channelKey).query((rs, n) -> post(rs)).optional();
    }

    Optional<Post> livePost(long id) {
        return jdbc.sql(
                        "select id, kind, opened_at, size_chars from pdchat_relay_post where id = ? and deleted = false")
                .param(id)
                .query((rs, n) -> post(rs))
                .optional();
    }

    long insertPost(String channelKey, PostKind kind, int size, Instant now) {
        GeneratedKeyHolder keys = new GeneratedKeyHolder();
        jdbc.sql(
                        "insert into pdchat_relay_post (channel_key, kind, opened_at, size_chars, dirty, deleted) values (?, ?, ?, ?, false, false)")
                .params(channelKey, kind.name(), utc(now), size)
                .update(keys, "id");
        return keys.getKey().longValue();
    }

    void markDeleted(long postId) {
        jdbc.sql("update pdchat_relay_post set deleted = true, dirty = false where id = ?")
                .param(postId)
                .update();
    }

    void rendered(long postId, int size) {
        jdbc.sql("update pdchat_relay_post set dirty = false, size_chars = ? where id = ?")
                .params(size, postId)
                .update();
    }

    void resized(long postId, int size) {
        jdbc.sql("update pdchat_relay_post set size_chars = ? where id = ?")
                .params(size, postId)
                .update();
    }

    private static Post post(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Post(rs.getLong(1), PostKind.valueOf(rs.getString(2)), Sql.instant(rs, "opened_at"), rs.getInt(4));
    }

    // ---------------------------------------------------------------- buckets

    /**
     * Reads the channel's bucket and locks it to the end of the caller's transaction, making it first,
     * full ({@code burst} tokens), if it does not exist yet.
     */
    Lane lock(String key, int burst, Instant now) {
        Optional<Lane> lane = tryLock(key);
        if (lane.isPresent()) return lane.get();
        try {
            savepoint.executeWithoutResult(s ->
                    jdbc.sql("""
                    insert into pdchat_relay_lane (channel_key, tokens, refilled_at)
                    select ?, ?, ? where not exists (select 1 from pdchat_relay_lane where channel_key = ?)""").params(key, (double) burst, utc(now), key).update());
        } catch (DuplicateKeyException e) {
            // Made a moment ago by another thread.
        }
        return tryLock(key).orElseThrow();
    }

    private Optional<Lane> tryLock(String key) {
        return jdbc.sql(
                        "select tokens, refilled_at, rolling_post_id from pdchat_relay_lane where channel_key = ? for update")
                .param(key)
                .query((rs, n) -> {
                    long rolling = rs.getLong(3);
                    return new Lane(rs.getDouble(1), Sql.instant(rs, "refilled_at"), rs.wasNull() ? null : rolling);
                })
                .optional();
    }

    void save(String key, double tokens, Instant refilledAt, Long rolling) {
        jdbc.sql("update pdchat_relay_lane set tokens = ?, refilled_at = ?, rolling_post_id = ? where channel_key = ?")
                .params(tokens, utc(refilledAt), rolling, key)
                .update();
    }
}
