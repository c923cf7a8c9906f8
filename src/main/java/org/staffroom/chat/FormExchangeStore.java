package org.staffroom.chat;

import static org.staffroom.config.Sql.utc;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;

/**
 * SQL for forms asked in direct messages ({@code form_exchange}): one open exchange per person, each
 * step advanced only from the step it was read at, so an answer handled twice changes nothing.
 */
@Repository
class FormExchangeStore {

    /** An exchange under way; {@code id} keys its messages, so a form asked again gets its questions again. */
    record Exchange(String id, InteractionRef interaction, Form form, Map<String, List<String>> answers, int step) {}

    private static final TypeReference<Map<String, List<String>>> ANSWERS = new TypeReference<>() {};

    private final JdbcClient jdbc;

    FormExchangeStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Opens an exchange for the person, replacing any unfinished one. */
    void open(String userKey, String id, InteractionRef interaction, Form form, Instant at, Instant expiresAt) {
        close(userKey);
        jdbc.sql("""
                insert into form_exchange (user_key, exchange_id, platform, interaction, form, answers, step, started_at, expires_at)
                values (?, ?, ?, ?, ?, ?, 0, ?, ?)""")
                .params(
                        userKey,
                        id,
                        interaction.platform().name(),
                        ChatJson.write(interaction),
                        ChatJson.write(form),
                        "{}",
                        utc(at),
                        utc(expiresAt))
                .update();
    }

    /** The person's exchange, unless it expired by {@code now}. */
    Optional<Exchange> current(String userKey, Instant now) {
        return jdbc.sql(
                        "select exchange_id, interaction, form, answers, step from form_exchange where user_key = ? and expires_at > ?")
                .params(userKey, utc(now))
                .query((rs, n) -> new Exchange(
                        rs.getString(1),
                        ChatJson.read(rs.getString(2), InteractionRef.class),
                        ChatJson.read(rs.getString(3), Form.class),
                        ChatJson.MAPPER.readValue(rs.getString(4), ANSWERS),
                        rs.getInt(5)))
                .optional();
    }

    /** Records the answers and moves to {@code next}; false if the exchange is no longer at {@code step}. */
    boolean advance(String userKey, String id, int step, Map<String, List<String>> answers, int next) {
        return jdbc.sql(
                                "update form_exchange set answers = ?, step = ? where user_key = ? and exchange_id = ? and step = ?")
                        .params(ChatJson.write(answers), next, userKey, id, step)
                        .update()
                == 1;
    }

    /** Ends the exchange at its last step; false if it is no longer there (the last answer handled twice). */
    boolean finish(String userKey, String id, int step) {
        return jdbc.sql("delete from form_exchange where user_key = ? and exchange_id = ? and step = ?")
                        .params(userKey, id, step)
                        .update()
                == 1;
    }

    /** Drops the person's exchange, if any. */
    void close(String userKey) {
        jdbc.sql("delete from form_exchange where user_key = ?").param(userKey).update();
    }
}
