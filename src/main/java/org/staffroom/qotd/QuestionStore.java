package org.staffroom.qotd;

import static org.staffroom.config.Sql.utc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.staffroom.config.Sql;

/** SQL for the question bank and pins. */
@Repository
class QuestionStore {

    private static final String COLUMNS = "id, question_text, category, source, in_config, retired";

    private final JdbcClient jdbc;
    private final Sql.Rows<Question> questions;

    QuestionStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
        this.questions = new Sql.Rows<>(jdbc, QuestionStore::row);
    }

    Optional<Question> find(String id) {
        return questions.one("select " + COLUMNS + " from qotd_question where id = ?", id);
    }

    /** Who added a question in chat or on the web (their people.yml id); empty for questions.yml's own. */
    Optional<String> addedBy(String id) {
        return jdbc.sql("select added_by from qotd_question where id = ?")
                .param(id)
                .query(String.class)
                .optional();
    }

    List<Question> all() {
        return questions.list("select " + COLUMNS + " from qotd_question order by id");
    }

    /** A question not retired whose text is the same, ignoring case and surrounding space. */
    Optional<Question> findSameText(String text) {
        return jdbc
                .sql("select " + COLUMNS + " from qotd_question where lower(question_text) = ? and retired = false")
                .param(text.trim().toLowerCase())
                .query(QuestionStore::row)
                .list()
                .stream()
                .findFirst();
    }

    boolean insert(
            String id,
            String text,
            String category,
            Question.Source source,
            boolean inConfig,
            String addedBy,
            Instant at) {
        return jdbc.sql("""
                insert into qotd_question (id, question_text, category, source, in_config, retired, added_by, created_at)
                select ?, ?, ?, ?, ?, false, ?, ? where not exists (select 1 from qotd_question where id = ?)""")
                        .params(id, text, category, source.name(), inConfig, addedBy, utc(at), id)
                        .update()
                == 1;
    }

    void updateFromConfig(String id, String text, String category) {
        jdbc.sql(
                        "update qotd_question set question_text = ?, category = ?, in_config = true where id = ? and source = 'CONFIG'")
                .params(text, category, id)
                .update();
    }

    /** Marks every questions.yml question not in {@code ids} as no longer listed there. */
    int markDroppedFromConfig(List<String> ids) {
        List<Question> listed = questions.list(
                "select " + COLUMNS + " from qotd_question where source = 'CONFIG' and in_config = true");
        int n = 0;
        for (Question q : listed) {
            if (ids.contains(q.id())) continue;
            n += jdbc.sql("update qotd_question set in_config = false where id = ?")
                    .param(q.id())
                    .update();
        }
        return n;
    }

    boolean retire(String id, String by, Instant at) {
        return jdbc.sql(
                                "update qotd_question set retired = true, retired_by = ?, retired_at = ? where id = ? and retired = false")
                        .params(by, utc(at), id)
                        .update()
                == 1;
    }

    /** Ids of questions added in chat, to number the next one. */
    List<String> chatIds() {
        return jdbc.sql("select id from qotd_question where source <> 'CONFIG'")
                .query(String.class)
                .list();
    }

    // ------------------------------------------------------------------ pins

    Map<LocalDate, String> pins() {
        Map<LocalDate, String> out = new LinkedHashMap<>();
        jdbc.sql("select pin_date, question_id from qotd_pin order by pin_date")
                .query((rs, n) -> Map.entry(rs.getObject(1, LocalDate.class), rs.getString(2)))
                .list()
                .forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    Optional<String> pinOn(LocalDate date) {
        return jdbc.sql("select question_id from qotd_pin where pin_date = ?")
                .param(date)
                .query(String.class)
                .optional();
    }

    void pin(LocalDate date, String questionId, String by, Instant at) {
        jdbc.sql("delete from qotd_pin where pin_date = ?").param(date).update();
        jdbc.sql(
                        "insert into qotd_pin (pin_date, question_id, source, pinned_by, created_at) values (?, ?, 'CHAT', ?, ?)")
                .params(date, questionId, by, utc(at))
                .update();
    }

    /** Re-reads questions.yml's pins: chat pins stay, and win on the same date. */
    void replaceConfigPins(Map<LocalDate, String> pins, Instant at) {
        jdbc.sql("delete from qotd_pin where source = 'CONFIG'").update();
        pins.forEach((date, id) -> jdbc.sql("""
                insert into qotd_pin (pin_date, question_id, source, pinned_by, created_at)
                select ?, ?, 'CONFIG', null, ? where not exists (select 1 from qotd_pin where pin_date = ?)""").params(date, id, utc(at), date).update());
    }

    /** Removes the pins of {@code questionId} on or after {@code from}; returns their dates. */
    List<LocalDate> unpinFrom(String questionId, LocalDate from) {
        List<LocalDate> dates = jdbc.sql(
                        "select pin_date from qotd_pin where question_id = ? and pin_date >= ? order by pin_date")
                .params(questionId, from)
                .query((rs, n) -> rs.getObject(1, LocalDate.class))
                .list();
        jdbc.sql("delete from qotd_pin where question_id = ? and pin_date >= ?")
                .params(questionId, from)
                .update();
        return dates;
    }

    private static Question row(ResultSet rs, int n) throws SQLException {
        return new Question(
                rs.getString("id"),
                rs.getString("question_text"),
                rs.getString("category"),
                Question.Source.valueOf(rs.getString("source")),
                rs.getBoolean("in_config"),
                rs.getBoolean("retired"));
    }
}
