package org.staffroom.qotd;

import static org.staffroom.config.Sql.utc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.SqlParameterValue;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.staffroom.config.Sql;

/** SQL for prompts (what was asked), the per-school posts that claim them, and digests. */
@Repository
class PromptStore {

    private static final String PROMPT =
            "id, prompt_key, kind, prompt_date, question_id, question_text, category, cycle, reason";
    private static final String POST = "id, claim_key, prompt_id, school_id, post_date, kind";

    private final JdbcClient jdbc;
    private final Sql.Rows<Post> postRows;
    private final Sql.Rows<Prompt> promptRows;

    PromptStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
        this.postRows = new Sql.Rows<>(jdbc, PromptStore::post);
        this.promptRows = new Sql.Rows<>(jdbc, PromptStore::prompt);
    }

    Optional<Prompt> findByKey(String key) {
        return promptRows.one("select " + PROMPT + " from qotd_prompt where prompt_key = ?", key);
    }

    Optional<Prompt> find(long id) {
        return promptRows.one("select " + PROMPT + " from qotd_prompt where id = ?", id);
    }

    /** Records a prompt unless one with the key exists; returns the one in force. */
    Prompt insert(
            String key,
            Prompt.Kind kind,
            LocalDate date,
            String questionId,
            String text,
            String category,
            Integer cycle,
            Prompt.Reason reason,
            String createdBy,
            Instant at) {
        jdbc.sql("""
                insert into qotd_prompt (prompt_key, kind, prompt_date, question_id, question_text, category, cycle, reason,
                    created_by, created_at)
                select ?, ?, ?, ?, ?, ?, ?, ?, ?, ? where not exists (select 1 from qotd_prompt where prompt_key = ?)""")
                // Typed, so that PostgreSQL does not take a null in the select list for text.
                .params(
                        key,
                        kind.name(),
                        date,
                        questionId,
                        text,
                        category,
                        new SqlParameterValue(Types.INTEGER, cycle),
                        reason.name(),
                        createdBy,
                        utc(at),
                        key)
                .update();
        return findByKey(key).orElseThrow();
    }

    // ------------------------------------------------------------------ rotation state

    int currentCycle() {
        return jdbc.sql("select coalesce(max(cycle), 1) from qotd_prompt where question_id is not null")
                .query(Integer.class)
                .single();
    }

    Set<String> usedIn(int cycle) {
        return new LinkedHashSet<>(
                jdbc.sql("select question_id from qotd_prompt where cycle = ? and question_id is not null")
                        .param(cycle)
                        .query(String.class)
                        .list());
    }

    /** Categories of the latest bank questions asked, newest first. */
    List<String> recentCategories(int limit) {
        return jdbc.sql(
                        "select category from qotd_prompt where question_id is not null order by prompt_date desc, id desc limit ?")
                .param(limit)
                .query(String.class)
                .list();
    }

    /** Prompts dated in [from, to], oldest first. */
    List<Prompt> between(LocalDate from, LocalDate to) {
        return promptRows.list(
                "select " + PROMPT
                        + " from qotd_prompt where prompt_date >= ? and prompt_date <= ? order by prompt_date, id",
                from,
                to);
    }

    /** The latest prompts up to {@code to}, newest first. */
    List<Prompt> latest(LocalDate to, int limit) {
        return promptRows.list(
                "select " + PROMPT
                        + " from qotd_prompt where prompt_date <= ? order by prompt_date desc, id desc limit ?",
                to,
                limit);
    }

    /** How often each bank question was asked, and when last (for the web's bank page). */
    record Asked(String questionId, int times, LocalDate last) {}

    List<Asked> askedCounts() {
        return jdbc.sql(
                        "select question_id, count(*), max(prompt_date) from qotd_prompt where question_id is not null group by question_id")
                .query((rs, n) -> new Asked(rs.getString(1), rs.getInt(2), rs.getObject(3, LocalDate.class)))
                .list();
    }

    // ------------------------------------------------------------------ posts

    /** Claims a post; true if this call claimed it (nobody had). */
    boolean claim(
            String claimKey, long promptId, String schoolId, LocalDate date, Prompt.Kind kind, String by, Instant at) {
        return jdbc.sql("""
                insert into qotd_post (claim_key, prompt_id, school_id, post_date, kind, claimed_by, claimed_at)
                select ?, ?, ?, ?, ?, ?, ? where not exists (select 1 from qotd_post where claim_key = ?)""")
                        .params(claimKey, promptId, schoolId, date, kind.name(), by, utc(at), claimKey)
                        .update()
                == 1;
    }

    Optional<Post> postByKey(String claimKey) {
        return postRows.one("select " + POST + " from qotd_post where claim_key = ?", claimKey);
    }

    List<Post> postsOf(long promptId) {
        return postRows.list("select " + POST + " from qotd_post where prompt_id = ? order by id", promptId);
    }

    /** The dates a school had its daily question, newest first, up to {@code to}. */
    List<LocalDate> dailyPostDates(String schoolId, LocalDate to, int limit) {
        return jdbc.sql(
                        "select post_date from qotd_post where school_id = ? and kind = 'DAILY' and post_date <= ? order by post_date desc limit ?")
                .params(schoolId, to, limit)
                .query((rs, n) -> rs.getObject(1, LocalDate.class))
                .list();
    }

    // ------------------------------------------------------------------ digests

    boolean claimDigest(String schoolId, LocalDate date, Instant at) {
        return jdbc.sql("""
                insert into qotd_digest (school_id, digest_date, claimed_at)
                select ?, ?, ? where not exists (select 1 from qotd_digest where school_id = ? and digest_date = ?)""").params(schoolId, date, utc(at), schoolId, date).update() == 1;
    }

    Set<Long> digested(String schoolId) {
        return new LinkedHashSet<>(jdbc.sql("select prompt_id from qotd_digested where school_id = ?")
                .param(schoolId)
                .query(Long.class)
                .list());
    }

    void markDigested(String schoolId, long promptId) {
        jdbc.sql("""
                insert into qotd_digested (school_id, prompt_id) select ?, ?
                where not exists (select 1 from qotd_digested where school_id = ? and prompt_id = ?)""").params(schoolId, promptId, schoolId, promptId).update();
    }

    private static Prompt prompt(ResultSet rs, int n) throws SQLException {
        int c = rs.getInt("cycle");
        Integer cycle = rs.wasNull() ? null : c;
        return new Prompt(
                rs.getLong("id"),
                rs.getString("prompt_key"),
                Prompt.Kind.valueOf(rs.getString("kind")),
                rs.getObject("prompt_date", LocalDate.class),
                rs.getString("question_id"),
                rs.getString("question_text"),
                rs.getString("category"),
                cycle,
                Prompt.Reason.valueOf(rs.getString("reason")));
    }

    private static Post post(ResultSet rs, int n) throws SQLException {
        return new Post(
                rs.getLong("id"),
                rs.getString("claim_key"),
                rs.getLong("prompt_id"),
                rs.getString("school_id"),
                rs.getObject("post_date", LocalDate.class),
                Prompt.Kind.valueOf(rs.getString("kind")));
    }
}
