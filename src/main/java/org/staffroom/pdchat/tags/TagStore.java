package org.staffroom.pdchat.tags;

import static org.staffroom.config.Sql.instant;
import static org.staffroom.config.Sql.utc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.staffroom.chat.ChannelRef;
import org.staffroom.chat.MessageRef;
import org.staffroom.config.Sql;
import org.staffroom.pdchat.tags.TagIndex.TagPost;

/**
 * SQL for the hashtag index: posts carrying a tag ({@code pdchat_tag_post}, one row per tag and
 * message) and who follows a tag ({@code pdchat_tag_follow}, one row per tag and person).
 */
@Repository
class TagStore {

    /** Someone following a tag, and the account to tell them on. */
    record Follower(String tag, String personKey, String userKey) {}

    private final JdbcClient jdbc;
    private final Sql.Rows<TagPost> posts;

    TagStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
        this.posts = new Sql.Rows<>(jdbc, TagStore::row);
    }

    /** Indexes the message under the tag; false if it already is. */
    boolean insert(
            String key,
            String label,
            MessageRef message,
            String schoolId,
            String authorKey,
            String authorName,
            String excerpt,
            Instant at) {
        return jdbc.sql("""
                insert into pdchat_tag_post (tag, label, channel_key, message_id, thread_id, school_id, author_key,
                    author_name, excerpt, posted_at)
                select ?, ?, ?, ?, ?, ?, ?, ?, ?, ?
                where not exists (select 1 from pdchat_tag_post where tag = ? and channel_key = ? and message_id = ?)""")
                        .params(
                                key,
                                label,
                                message.channel().key(),
                                message.id(),
                                message.inThread() ? message.threadId() : null,
                                schoolId,
                                authorKey,
                                authorName,
                                excerpt,
                                utc(at),
                                key,
                                message.channel().key(),
                                message.id())
                        .update()
                == 1;
    }

    List<TagPost> ofMessage(MessageRef message) {
        return posts.list(
                "select * from pdchat_tag_post where channel_key = ? and message_id = ?",
                message.channel().key(),
                message.id());
    }

    void delete(long postId) {
        jdbc.sql("delete from pdchat_tag_post where id = ?").param(postId).update();
    }

    /** Drops every tag of the message. */
    void deleteMessage(MessageRef message) {
        jdbc.sql("delete from pdchat_tag_post where channel_key = ? and message_id = ?")
                .params(message.channel().key(), message.id())
                .update();
    }

    void updateExcerpt(MessageRef message, String excerpt) {
        jdbc.sql("update pdchat_tag_post set excerpt = ? where channel_key = ? and message_id = ?")
                .params(excerpt, message.channel().key(), message.id())
                .update();
    }

    List<TagPost> recent(String tagKey, int limit) {
        // "tag" leads the order (it is fixed, so nothing changes) so that H2 reads the newest few straight off
        // the (tag, posted_at desc, id desc) index instead of sorting every post with the tag.
        return posts.list(
                "select * from pdchat_tag_post where tag = ? order by tag, posted_at desc, id desc limit ?",
                tagKey,
                limit);
    }

    /** True if this call started the following (false: already following). */
    boolean follow(String tagKey, String personKey, String userKey, Instant now) {
        return jdbc.sql("""
                insert into pdchat_tag_follow (tag, person_key, user_key, created_at)
                select ?, ?, ?, ? where not exists (select 1 from pdchat_tag_follow where tag = ? and person_key = ?)""")
                        .params(tagKey, personKey, userKey, utc(now), tagKey, personKey)
                        .update()
                == 1;
    }

    boolean unfollow(String tagKey, String personKey) {
        return jdbc.sql("delete from pdchat_tag_follow where tag = ? and person_key = ?")
                        .params(tagKey, personKey)
                        .update()
                > 0;
    }

    List<String> following(String personKey) {
        return jdbc.sql("select tag from pdchat_tag_follow where person_key = ? order by tag")
                .param(personKey)
                .query(String.class)
                .list();
    }

    /** Everyone but {@code exceptPersonKey} following any of the tags, in the order they followed. */
    List<Follower> followers(Collection<String> tagKeys, String exceptPersonKey) {
        String in = String.join(", ", tagKeys.stream().map(k -> "?").toList());
        List<Object> params = new ArrayList<>(tagKeys);
        params.add(exceptPersonKey);
        return jdbc.sql("select tag, person_key, user_key from pdchat_tag_follow where tag in (" + in
                        + ") and person_key <> ? order by id")
                .params(params.toArray())
                .query((rs, n) ->
                        new Follower(rs.getString("tag"), rs.getString("person_key"), rs.getString("user_key")))
                .list();
    }

    private static TagPost row(ResultSet rs, int n) throws SQLException {
        ChannelRef channel = ChannelRef.parse(rs.getString("channel_key"));
        return new TagPost(
                rs.getLong("id"),
                rs.getString("tag"),
                rs.getString("label"),
                new MessageRef(channel, rs.getString("message_id"), rs.getString("thread_id")),
                rs.getString("school_id"),
                rs.getString("author_key"),
                rs.getString("author_name"),
                rs.getString("excerpt"),
                instant(rs, "posted_at"));
    }
}
