package org.staffroom.slack;

import static org.staffroom.config.Sql.instant;
import static org.staffroom.config.Sql.truncate;
import static org.staffroom.config.Sql.utc;

import java.time.Instant;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * SQL for OAuth installs: the one-time states ({@code slack_oauth_state}) and the audit of refused
 * workspaces ({@code slack_install_refusal}). Registered even when OAuth is off, so housekeeping can
 * drop states left from when it was on.
 */
@Repository
class SlackOAuthStore {

    /** A state as issued: when, and the hash of the nonce in the browser it was issued to. */
    record IssuedState(Instant createdAt, String browserHash) {}

    private final JdbcClient jdbc;

    SlackOAuthStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void issue(String state, Instant at, String browserHash) {
        jdbc.sql("insert into slack_oauth_state (state, created_at, browser_hash) values (?, ?, ?)")
                .params(state, utc(at), browserHash)
                .update();
    }

    Optional<IssuedState> issued(String state) {
        return jdbc.sql("select created_at, browser_hash from slack_oauth_state where state = ?")
                .param(state)
                .query((rs, n) -> new IssuedState(instant(rs, "created_at"), rs.getString("browser_hash")))
                .optional();
    }

    /** Deletes the state for that browser; true for the one caller that did (of two at the same moment). */
    boolean use(String state, String browserHash) {
        return jdbc.sql("delete from slack_oauth_state where state = ? and browser_hash = ?")
                        .params(state, browserHash)
                        .update()
                == 1;
    }

    /** Deletes states issued at or before {@code before}; they can no longer be used. */
    int purgeStates(Instant before) {
        return jdbc.sql("delete from slack_oauth_state where created_at <= ?")
                .param(utc(before))
                .update();
    }

    /** Records that Slack returned a workspace the trust does not list. */
    void refused(Instant at, String team, String teamName, String enterprise, String installer) {
        jdbc.sql("""
                insert into slack_install_refusal (at, team_id, team_name, enterprise_id, installed_by, reason)
                values (?, ?, ?, ?, ?, 'not-in-schools-yml')""")
                .params(
                        utc(at),
                        truncate(team, 32),
                        truncate(teamName, 200),
                        truncate(enterprise, 32),
                        truncate(installer, 32))
                .update();
    }
}
