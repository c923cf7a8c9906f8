package org.staffroom.pdchat;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.staffroom.chat.MessageRef;
import org.staffroom.config.Sql;

/** SQL for messages captured during chats: the archive's raw material and what the relay copies. */
@Repository
class CapturedMessageStore {

    /** One captured message, as it stands now (edits applied; deleted or hidden ones flagged). */
    record Captured(
            long id,
            long occurrenceId,
            int question,
            CaptureRules.How how,
            String channelKey,
            String messageId,
            String threadId,
            String schoolId,
            String authorKey,
            String authorName,
            String text,
            Instant postedAt,
            Instant editedAt,
            boolean deleted,
            boolean hidden) {

        boolean visible() {
            return !deleted && !hidden;
        }
    }

    private final JdbcClient jdbc;
    private final Sql.Rows<Captured> captured;

    CapturedMessageStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
        this.captured = new Sql.Rows<>(jdbc, CapturedMessageStore::row);
    }

    /** Records a captured message; empty if it was captured before (the same event twice). */
    Optional<Long> insert(
            long occurrenceId,
            CaptureRules.Attribution a,
            MessageRef message,
            String schoolId,
            String authorKey,
            String authorName,
            String text,
            Instant at) {
        String channelKey = message.channel().key();
        int inserted = jdbc.sql("""
                insert into pdchat_message (occurrence_id, question_no, attributed_by, channel_key, message_id, thread_id,
                    school_id, author_key, author_name, text, posted_at, deleted, hidden)
                select ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, false, false
                where not exists (select 1 from pdchat_message where occurrence_id = ? and channel_key = ? and message_id = ?)""")
                .params(
                        occurrenceId,
                        a.question(),
                        a.how().name(),
                        channelKey,
                        message.id(),
                        message.inThread() ? message.threadId() : null,
                        schoolId,
                        authorKey,
                        truncate(authorName, 200),
                        truncate(text, 8000),
                        OccurrenceStore.utc(at),
                        occurrenceId,
                        channelKey,
                        message.id())
                .update();
        if (inserted == 0) return Optional.empty();
        return jdbc.sql("select id from pdchat_message where occurrence_id = ? and channel_key = ? and message_id = ?")
                .params(occurrenceId, channelKey, message.id())
                .query(Long.class)
                .optional();
    }

    Optional<Captured> find(long id) {
        return captured.one("select * from pdchat_message where id = ?", id);
    }

    /** Every capture of a platform message (one per run that captured it; almost always one). */
    List<Captured> of(MessageRef message) {
        return captured.list(
                "select * from pdchat_message where channel_key = ? and message_id = ? order by id",
                message.channel().key(),
                message.id());
    }

    /** What the archive shows: neither deleted nor hidden, in the order posted. */
    List<Captured> visible(long occurrenceId) {
        return captured.list("""
                select * from pdchat_message where occurrence_id = ? and deleted = false and hidden = false
                order by posted_at, id""", occurrenceId);
    }

    List<Captured> byIds(List<Long> ids) {
        if (ids.isEmpty()) return List.of();
        String in = String.join(", ", ids.stream().map(i -> "?").toList());
        return captured.list("select * from pdchat_message where id in (" + in + ") order by id", ids.toArray());
    }

    void edited(long id, String text, CaptureRules.Attribution a, Instant at) {
        jdbc.sql("update pdchat_message set text = ?, question_no = ?, attributed_by = ?, edited_at = ? where id = ?")
                .params(truncate(text, 8000), a.question(), a.how().name(), OccurrenceStore.utc(at), id)
                .update();
    }

    boolean deleted(long id) {
        return jdbc.sql("update pdchat_message set deleted = true where id = ? and deleted = false")
                        .param(id)
                        .update()
                == 1;
    }

    boolean hide(long id, String by) {
        return jdbc.sql("update pdchat_message set hidden = true, hidden_by = ? where id = ? and hidden = false")
                        .params(by, id)
                        .update()
                == 1;
    }

    static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    private static Captured row(ResultSet rs, int n) throws SQLException {
        return new Captured(
                rs.getLong("id"),
                rs.getLong("occurrence_id"),
                rs.getInt("question_no"),
                CaptureRules.How.valueOf(rs.getString("attributed_by")),
                rs.getString("channel_key"),
                rs.getString("message_id"),
                rs.getString("thread_id"),
                rs.getString("school_id"),
                rs.getString("author_key"),
                rs.getString("author_name"),
                rs.getString("text"),
                Sql.instant(rs, "posted_at"),
                Sql.instant(rs, "edited_at"),
                rs.getBoolean("deleted"),
                rs.getBoolean("hidden"));
    }
}
