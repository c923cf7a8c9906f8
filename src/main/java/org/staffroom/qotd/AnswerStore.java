package org.staffroom.qotd;

import static org.staffroom.config.Sql.utc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.staffroom.config.Sql;

/** SQL for answers given in question threads. */
@Repository
class AnswerStore {

    private static final String COLUMNS =
            "id, message_key, post_id, prompt_id, school_id, platform, author_key, author_name, "
                    + "user_key, answer_text, answered_at, edited_at, deleted";

    private final JdbcClient jdbc;
    private final Sql.Rows<Answer> answers;

    AnswerStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
        this.answers = new Sql.Rows<>(jdbc, AnswerStore::row);
    }

    /** Records an answer once per platform message; empty if it was already recorded. */
    Optional<Answer> insert(
            String messageKey,
            Post post,
            String platform,
            String authorKey,
            String authorName,
            String userKey,
            String text,
            Instant at) {
        int n = jdbc.sql("""
                insert into qotd_answer (message_key, post_id, prompt_id, school_id, platform, author_key, author_name, user_key,
                    answer_text, answered_at, deleted)
                select ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, false where not exists (select 1 from qotd_answer where message_key = ?)""")
                .params(
                        messageKey,
                        post.id(),
                        post.promptId(),
                        post.schoolId(),
                        platform,
                        authorKey,
                        authorName,
                        userKey,
                        text,
                        utc(at),
                        messageKey)
                .update();
        return n == 1 ? findByMessage(messageKey) : Optional.empty();
    }

    Optional<Answer> findByMessage(String messageKey) {
        return answers.one("select " + COLUMNS + " from qotd_answer where message_key = ?", messageKey);
    }

    /** The answers to a prompt still standing, oldest first. */
    List<Answer> ofPrompt(long promptId) {
        return answers.list(
                "select " + COLUMNS + " from qotd_answer where prompt_id = ? and deleted = false order by id",
                promptId);
    }

    boolean updateText(long id, String text, Instant at) {
        return jdbc.sql(
                                "update qotd_answer set answer_text = ?, edited_at = ? where id = ? and deleted = false and answer_text <> ?")
                        .params(text, utc(at), id, text)
                        .update()
                == 1;
    }

    /** Marks an answer deleted and drops its words: the author took them back. */
    boolean markDeleted(long id, Instant at) {
        return jdbc.sql(
                                "update qotd_answer set deleted = true, answer_text = '', edited_at = ? where id = ? and deleted = false")
                        .params(utc(at), id)
                        .update()
                == 1;
    }

    /** Who answered which daily question on which date, for streaks. */
    record Answered(String authorKey, String authorName, String schoolId, LocalDate date, Instant at) {}

    List<Answered> dailyAnswersSince(LocalDate from) {
        return jdbc.sql("""
                select a.author_key, a.author_name, a.school_id, p.prompt_date, a.answered_at
                from qotd_answer a join qotd_prompt p on p.id = a.prompt_id
                where a.deleted = false and p.kind = 'DAILY' and p.prompt_date >= ?
                order by a.answered_at, a.id""")
                .param(from)
                .query((rs, n) -> new Answered(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getObject(4, LocalDate.class),
                        rs.getObject(5, OffsetDateTime.class).toInstant()))
                .list();
    }

    private static Answer row(ResultSet rs, int n) throws SQLException {
        OffsetDateTime edited = rs.getObject("edited_at", OffsetDateTime.class);
        return new Answer(
                rs.getLong("id"),
                rs.getString("message_key"),
                rs.getLong("post_id"),
                rs.getLong("prompt_id"),
                rs.getString("school_id"),
                rs.getString("platform"),
                rs.getString("author_key"),
                rs.getString("author_name"),
                rs.getString("user_key"),
                rs.getString("answer_text"),
                rs.getObject("answered_at", OffsetDateTime.class).toInstant(),
                edited == null ? null : edited.toInstant(),
                rs.getBoolean("deleted"));
    }
}
