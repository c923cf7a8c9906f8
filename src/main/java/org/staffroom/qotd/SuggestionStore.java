package org.staffroom.qotd;

import static org.staffroom.config.Sql.utc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.staffroom.config.Sql;

/** SQL for teachers' question suggestions and the cards sent to coordinators about them. */
@Repository
class SuggestionStore {

    private static final String COLUMNS =
            "id, suggestion_text, category, suggested_by, suggester_name, suggester_user, school_id, "
                    + "locale, state, decided_by, question_id";

    /** A card sent to one coordinator, and the language it was written in. */
    record Card(String deliveryKey, Locale locale) {}

    private final JdbcClient jdbc;
    private final Sql.Rows<Suggestion> suggestions;

    SuggestionStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
        this.suggestions = new Sql.Rows<>(jdbc, SuggestionStore::row);
    }

    long insert(
            String text,
            String category,
            String suggestedBy,
            String name,
            String userKey,
            String schoolId,
            Locale locale,
            Instant at) {
        jdbc.sql("""
                insert into qotd_suggestion (suggestion_text, category, suggested_by, suggester_name, suggester_user, school_id,
                    locale, state, created_at)
                values (?, ?, ?, ?, ?, ?, ?, 'PENDING', ?)""")
                .params(text, category, suggestedBy, name, userKey, schoolId, locale.toLanguageTag(), utc(at))
                .update();
        return jdbc.sql("select max(id) from qotd_suggestion where suggested_by = ? and suggestion_text = ?")
                .params(suggestedBy, text)
                .query(Long.class)
                .single();
    }

    Optional<Suggestion> find(long id) {
        return suggestions.one("select " + COLUMNS + " from qotd_suggestion where id = ?", id);
    }

    /** Suggestions waiting for a coordinator, oldest first. */
    List<Suggestion> pending() {
        return suggestions.list("select " + COLUMNS + " from qotd_suggestion where state = 'PENDING' order by id");
    }

    Optional<Suggestion> pendingWithText(String text) {
        return jdbc
                .sql("select " + COLUMNS
                        + " from qotd_suggestion where state = 'PENDING' and lower(suggestion_text) = ?")
                .param(text.trim().toLowerCase())
                .query(SuggestionStore::row)
                .list()
                .stream()
                .findFirst();
    }

    /** Decides a pending suggestion; false if someone decided it first. */
    boolean decide(long id, Suggestion.State state, String decidedBy, String questionId, Instant at) {
        return jdbc.sql(
                                "update qotd_suggestion set state = ?, decided_by = ?, decided_at = ?, question_id = ? where id = ? and state = 'PENDING'")
                        .params(state.name(), decidedBy, utc(at), questionId, id)
                        .update()
                == 1;
    }

    void addCard(long suggestionId, String deliveryKey, Locale locale) {
        jdbc.sql("""
                insert into qotd_suggestion_card (suggestion_id, delivery_key, locale) select ?, ?, ?
                where not exists (select 1 from qotd_suggestion_card where suggestion_id = ? and delivery_key = ?)""")
                .params(suggestionId, deliveryKey, locale.toLanguageTag(), suggestionId, deliveryKey)
                .update();
    }

    List<Card> cards(long suggestionId) {
        return jdbc.sql(
                        "select delivery_key, locale from qotd_suggestion_card where suggestion_id = ? order by delivery_key")
                .param(suggestionId)
                .query((rs, n) -> new Card(rs.getString(1), Locale.forLanguageTag(rs.getString(2))))
                .list();
    }

    private static Suggestion row(ResultSet rs, int n) throws SQLException {
        return new Suggestion(
                rs.getLong("id"),
                rs.getString("suggestion_text"),
                rs.getString("category"),
                rs.getString("suggested_by"),
                rs.getString("suggester_name"),
                rs.getString("suggester_user"),
                rs.getString("school_id"),
                Locale.forLanguageTag(rs.getString("locale")),
                Suggestion.State.valueOf(rs.getString("state")),
                rs.getString("decided_by"),
                rs.getString("question_id"));
    }
}
