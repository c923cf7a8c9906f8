package org.staffroom.sandbox;

import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;
import org.staffroom.chat.ChannelRef;
import org.staffroom.config.Platform;
import org.staffroom.config.Sql;

/** The sandbox's own message store, like a platform's. */
@Repository
class SandboxStore {

    private static final SecureRandom RANDOM = new SecureRandom();

    static final String BOT = "bot";

    private final JdbcClient jdbc;
    private final Sql.Rows<Row> rows;
    private final Clock clock;

    SandboxStore(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.rows = new Sql.Rows<>(jdbc, SandboxStore::row);
        this.clock = clock;
    }

    /** A message as the page shows it. */
    record Row(
            long id,
            Platform platform,
            String spaceId,
            String channelId,
            String threadId,
            String authorKey,
            String authorName,
            boolean bot,
            String text,
            String payload,
            String marker,
            String visibleTo,
            String files,
            OffsetDateTime createdAt,
            OffsetDateTime editedAt,
            boolean deleted) {
        ChannelRef channel() {
            return new ChannelRef(platform, spaceId, channelId);
        }
    }

    record Reaction(long messageId, String userKey, String userName, String emoji) {}

    long insert(
            ChannelRef channel,
            String threadId,
            String authorKey,
            String authorName,
            boolean bot,
            String text,
            String payload,
            String marker,
            String visibleTo,
            String files) {
        GeneratedKeyHolder keys = new GeneratedKeyHolder();
        jdbc.sql("""
                insert into sandbox_message (platform, space_id, channel_id, thread_id, author_key, author_name, bot,
                    text, payload, marker, visible_to, files, created_at, deleted)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, false)""")
                .params(
                        channel.platform().name(),
                        channel.spaceId(),
                        channel.id(),
                        threadId,
                        authorKey,
                        authorName,
                        bot,
                        text,
                        payload,
                        marker,
                        visibleTo,
                        files,
                        now())
                .update(keys, "id");
        return keys.getKey().longValue();
    }

    Optional<Row> find(long id) {
        return rows.one("select * from sandbox_message where id = ?", id);
    }

    Optional<Row> findByMarker(ChannelRef channel, String marker) {
        return jdbc
                .sql(
                        "select * from sandbox_message where platform = ? and space_id = ? and channel_id = ? and marker = ?")
                .params(channel.platform().name(), channel.spaceId(), channel.id(), marker)
                .query(SandboxStore::row)
                .list()
                .stream()
                .findFirst();
    }

    /** Messages of a channel that {@code viewer} may see, oldest first. */
    List<Row> channel(ChannelRef channel, String viewer, int limit) {
        return rows.list("""
                select * from (
                  select * from sandbox_message
                  where platform = ? and space_id = ? and channel_id = ? and (visible_to is null or visible_to = ?)
                  order by id desc limit ?) recent
                order by id""", channel.platform().name(), channel.spaceId(), channel.id(), viewer, limit);
    }

    void updateText(long id, String text) {
        jdbc.sql("update sandbox_message set text = ?, edited_at = ? where id = ?")
                .params(text, now(), id)
                .update();
    }

    void updatePayload(long id, String payload) {
        jdbc.sql("update sandbox_message set payload = ?, edited_at = ? where id = ?")
                .params(payload, now(), id)
                .update();
    }

    void markDeleted(long id) {
        jdbc.sql("update sandbox_message set deleted = true, edited_at = ? where id = ?")
                .params(now(), id)
                .update();
    }

    boolean addReaction(long messageId, String userKey, String userName, String emoji) {
        return jdbc.sql("""
                insert into sandbox_reaction (message_id, user_key, user_name, emoji)
                select ?, ?, ?, ? where not exists (
                  select 1 from sandbox_reaction where message_id = ? and user_key = ? and emoji = ?)""")
                        .params(messageId, userKey, userName, emoji, messageId, userKey, emoji)
                        .update()
                == 1;
    }

    boolean removeReaction(long messageId, String userKey, String emoji) {
        return jdbc.sql("delete from sandbox_reaction where message_id = ? and user_key = ? and emoji = ?")
                        .params(messageId, userKey, emoji)
                        .update()
                == 1;
    }

    List<Reaction> reactions(List<Long> messageIds) {
        if (messageIds.isEmpty()) return List.of();
        StringBuilder in = new StringBuilder();
        for (int i = 0; i < messageIds.size(); i++) in.append(i == 0 ? "?" : ", ?");
        return jdbc.sql("select * from sandbox_reaction where message_id in (" + in + ") order by emoji")
                .params(messageIds.toArray())
                .query((rs, n) -> new Reaction(
                        rs.getLong("message_id"),
                        rs.getString("user_key"),
                        rs.getString("user_name"),
                        rs.getString("emoji")))
                .list();
    }

    /** Keeps a file under an unguessable id (the URL is all a page needs to show it). */
    String saveFile(String name, String mimeType, byte[] content) {
        byte[] random = new byte[18];
        RANDOM.nextBytes(random);
        String publicId = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        jdbc.sql("insert into sandbox_file (public_id, name, mime_type, content, created_at) values (?, ?, ?, ?, ?)")
                .params(publicId, name, mimeType, Base64.getEncoder().encodeToString(content), now())
                .update();
        return publicId;
    }

    /** A stored file's type and bytes. */
    record StoredFile(String name, String mimeType, byte[] content) {}

    Optional<StoredFile> file(String publicId) {
        return jdbc.sql("select name, mime_type, content from sandbox_file where public_id = ?")
                .param(publicId)
                .query((rs, n) -> new StoredFile(
                        rs.getString(1), rs.getString(2), Base64.getDecoder().decode(rs.getString(3))))
                .optional();
    }

    /** Drops every uploaded file: the sandbox is off, or the files are older than {@code before}. */
    int deleteFiles(java.time.Instant before) {
        return jdbc.sql("delete from sandbox_file where created_at is null or created_at < ?")
                .param(before.atOffset(ZoneOffset.UTC))
                .update();
    }

    private OffsetDateTime now() {
        return clock.instant().atOffset(ZoneOffset.UTC);
    }

    private static Row row(ResultSet rs, int n) throws SQLException {
        return new Row(
                rs.getLong("id"),
                Platform.valueOf(rs.getString("platform")),
                rs.getString("space_id"),
                rs.getString("channel_id"),
                rs.getString("thread_id"),
                rs.getString("author_key"),
                rs.getString("author_name"),
                rs.getBoolean("bot"),
                rs.getString("text"),
                rs.getString("payload"),
                rs.getString("marker"),
                rs.getString("visible_to"),
                rs.getString("files"),
                rs.getObject("created_at", OffsetDateTime.class),
                rs.getObject("edited_at", OffsetDateTime.class),
                rs.getBoolean("deleted"));
    }
}
