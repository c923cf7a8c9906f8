package org.staffroom.pdchat.tags;

import static org.staffroom.config.Sql.utc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.staffroom.chat.ChannelRef;
import org.staffroom.chat.Chat;
import org.staffroom.chat.ChatEvent;
import org.staffroom.chat.Message;
import org.staffroom.chat.MessageRef;
import org.staffroom.chat.Rich;
import org.staffroom.chat.Texts;
import org.staffroom.chat.UserRef;
import org.staffroom.config.ChannelPurpose;
import org.staffroom.config.School;
import org.staffroom.config.Sql;
import org.staffroom.directory.Caller;
import org.staffroom.directory.Directory;

/**
 * The trust-wide hashtag index: every tag posted in the staffroom, question-of-the-day and pd
 * channels of schools with {@code index-hashtags: true} (not review channels, where drafts about
 * pupils are discussed), kept in step with edits and deletions; and the people following a tag,
 * told by direct message when a new post carries it (never about their own posts).
 */
@Service
class TagIndex {

    static final int EXCERPT = 300;
    static final int LONGEST = 40_000;

    /** A post carrying a tag. */
    record TagPost(
            long id,
            String tag,
            String label,
            MessageRef message,
            String schoolId,
            String authorKey,
            String authorName,
            String excerpt,
            Instant postedAt) {}

    private final JdbcClient jdbc;
    private final Sql.Rows<TagPost> posts;
    private final Directory directory;
    private final Chat chat;
    private final Texts texts;
    private final ObjectProvider<TagQuiet> quiet;

    TagIndex(JdbcClient jdbc, Directory directory, Chat chat, Texts texts, ObjectProvider<TagQuiet> quiet) {
        this.jdbc = jdbc;
        this.posts = new Sql.Rows<>(jdbc, TagIndex::row);
        this.directory = directory;
        this.chat = chat;
        this.texts = texts;
        this.quiet = quiet;
    }

    void posted(ChatEvent.MessagePosted e) {
        Optional<School> school = indexed(e.message().channel(), e.direct());
        if (school.isEmpty() || chat.keyOf(e.message()).isPresent()) return;
        List<String> tags = Hashtags.find(cut(e.text()));
        if (tags.isEmpty()) return;
        Caller author = directory.caller(e.actor(), e.message().channel());
        List<String> added = new ArrayList<>();
        for (String tag : tags) {
            if (insert(tag, e.message(), school.get(), author, e.text(), e.at())) added.add(tag);
        }
        if (!added.isEmpty()) tellFollowers(added, e.message(), school.get(), author, e.text(), e.at());
    }

    /** An edit re-indexes the message: tags taken out are dropped, tags put in are added (nobody is told). */
    void edited(ChatEvent.MessageEdited e) {
        Optional<School> school = indexed(e.message().channel(), false);
        if (school.isEmpty() || chat.keyOf(e.message()).isPresent()) return;
        List<String> tags = Hashtags.find(cut(e.text()));
        Set<String> keys = tags.stream().map(Hashtags::key).collect(Collectors.toSet());
        List<TagPost> existing = ofMessage(e.message());
        for (TagPost p : existing) {
            if (!keys.contains(p.tag()))
                jdbc.sql("delete from pdchat_tag_post where id = ?")
                        .param(p.id())
                        .update();
        }
        jdbc.sql("update pdchat_tag_post set excerpt = ? where channel_key = ? and message_id = ?")
                .params(
                        excerpt(e.text()),
                        e.message().channel().key(),
                        e.message().id())
                .update();
        Caller author = directory.caller(e.actor(), e.message().channel());
        Instant postedAt = existing.isEmpty() ? e.at() : existing.get(0).postedAt();
        for (String tag : tags) insert(tag, e.message(), school.get(), author, e.text(), postedAt);
    }

    void deleted(ChatEvent.MessageDeleted e) {
        jdbc.sql("delete from pdchat_tag_post where channel_key = ? and message_id = ?")
                .params(e.message().channel().key(), e.message().id())
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
    boolean follow(String tagKey, Caller caller, Instant now) {
        return jdbc.sql("""
                insert into pdchat_tag_follow (tag, person_key, user_key, created_at)
                select ?, ?, ?, ? where not exists (select 1 from pdchat_tag_follow where tag = ? and person_key = ?)""")
                        .params(tagKey, caller.personKey(), caller.user().key(), utc(now), tagKey, caller.personKey())
                        .update()
                == 1;
    }

    boolean unfollow(String tagKey, Caller caller) {
        return jdbc.sql("delete from pdchat_tag_follow where tag = ? and person_key = ?")
                        .params(tagKey, caller.personKey())
                        .update()
                > 0;
    }

    List<String> following(Caller caller) {
        return jdbc.sql("select tag from pdchat_tag_follow where person_key = ? order by tag")
                .param(caller.personKey())
                .query(String.class)
                .list();
    }

    private Optional<School> indexed(ChannelRef channel, boolean direct) {
        if (direct) return Optional.empty();
        Optional<School> school = directory.schoolOf(channel);
        if (school.isEmpty() || !school.get().indexHashtags()) return Optional.empty();
        if (directory.purposeOf(channel).orElse(null) == ChannelPurpose.REVIEW) return Optional.empty();
        return school;
    }

    private boolean insert(String tag, MessageRef message, School school, Caller author, String text, Instant at) {
        String key = Hashtags.key(tag);
        return jdbc.sql("""
                insert into pdchat_tag_post (tag, label, channel_key, message_id, thread_id, school_id, author_key,
                    author_name, excerpt, posted_at)
                select ?, ?, ?, ?, ?, ?, ?, ?, ?, ?
                where not exists (select 1 from pdchat_tag_post where tag = ? and channel_key = ? and message_id = ?)""")
                        .params(
                                key,
                                tag,
                                message.channel().key(),
                                message.id(),
                                message.inThread() ? message.threadId() : null,
                                school.id(),
                                author.personKey(),
                                author.name(),
                                excerpt(text),
                                utc(at),
                                key,
                                message.channel().key(),
                                message.id())
                        .update()
                == 1;
    }

    private List<TagPost> ofMessage(MessageRef message) {
        return posts.list(
                "select * from pdchat_tag_post where channel_key = ? and message_id = ?",
                message.channel().key(),
                message.id());
    }

    /** One direct message per follower per post, naming every followed tag it carries. */
    private void tellFollowers(
            List<String> tags, MessageRef message, School school, Caller author, String text, Instant at) {
        TagQuiet q = quiet.getIfAvailable();
        Map<String, String> byKey = new LinkedHashMap<>();
        for (String t : tags) {
            String k = Hashtags.key(t);
            if (q == null || !q.quiet(k, message.channel(), at)) byKey.put(k, t);
        }
        if (byKey.isEmpty()) return;
        String in = String.join(", ", byKey.keySet().stream().map(k -> "?").toList());
        List<Object> params = new ArrayList<>(byKey.keySet());
        params.add(author.personKey());
        Map<String, List<String>> tagsByFollower = new LinkedHashMap<>();
        Map<String, String> accountByFollower = new LinkedHashMap<>();
        jdbc.sql("select tag, person_key, user_key from pdchat_tag_follow where tag in (" + in
                        + ") and person_key <> ? order by id")
                .params(params.toArray())
                .query((rs, n) -> {
                    tagsByFollower
                            .computeIfAbsent(rs.getString(2), k -> new ArrayList<>())
                            .add(byKey.get(rs.getString(1)));
                    accountByFollower.put(rs.getString(2), rs.getString(3));
                    return null;
                })
                .list();
        if (tagsByFollower.isEmpty()) return;
        Optional<String> link = chat.permalink(message);
        tagsByFollower.forEach((person, followed) -> {
            UserRef to = UserRef.parse(accountByFollower.get(person));
            Locale l = directory
                    .person(to)
                    .map(directory::localeOf)
                    .orElse(directory.config().trust().locale());
            Rich body = Rich.of(String.join(" ", followed) + " "
                            + texts.get(l, "tags.follow.new", author.name(), school.shortName()))
                    .newline()
                    .quote(excerpt(text));
            if (link.isPresent()) body = body.newline().link(link.get(), texts.get(l, "tags.open"));
            chat.sendDirect(
                    to, Message.of(body), "tags:follow:" + message.channel().key() + ":" + message.id() + ":" + person);
        });
    }

    /** The longest message a platform delivers (Slack's 40,000 characters): anything longer is cut before it is read. */
    private static String cut(String text) {
        return text == null || text.length() <= LONGEST ? text : text.substring(0, LONGEST);
    }

    static String excerpt(String text) {
        String flat = text.replaceAll("\\s+", " ").trim();
        return flat.length() <= EXCERPT ? flat : flat.substring(0, EXCERPT - 1) + "…";
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
                rs.getObject("posted_at", OffsetDateTime.class).toInstant());
    }
}
