package org.staffroom.web;

import static org.staffroom.config.Sql.instant;
import static org.staffroom.config.Sql.utc;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * SQL for "sign out everywhere" ({@code web_sign_out}, one row per person) and the dashboard's audit of
 * admin actions ({@code web_audit}), written in the same transaction.
 */
@Repository
class SignOutStore {

    private final JdbcClient jdbc;

    SignOutStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Instant> signedOutAt(String personKey) {
        return jdbc.sql("select signed_out_at from web_sign_out where person_key = ?")
                .param(personKey)
                .query((rs, n) -> instant(rs, "signed_out_at"))
                .optional();
    }

    /** Moves the person's sign-out moment to {@code at}. */
    void signOut(String personKey, Instant at, String byKey) {
        int updated = jdbc.sql("update web_sign_out set signed_out_at = ?, signed_out_by = ? where person_key = ?")
                .params(utc(at), byKey, personKey)
                .update();
        if (updated == 0) {
            jdbc.sql("insert into web_sign_out (person_key, signed_out_at, signed_out_by) values (?, ?, ?)")
                    .params(personKey, utc(at), byKey)
                    .update();
        }
    }

    void audit(Instant at, StaffUser by, String action, String subject) {
        jdbc.sql("insert into web_audit (at, actor_key, actor_name, action, subject) values (?, ?, ?, ?, ?)")
                .params(utc(at), by.personKey(), by.name(), action, subject)
                .update();
    }

    List<SignOuts.AuditEntry> recentAudit(int limit) {
        return jdbc.sql("select at, actor_name, action, subject from web_audit order by at desc, id desc limit ?")
                .param(limit)
                .query((rs, n) -> new SignOuts.AuditEntry(
                        instant(rs, "at"), rs.getString("actor_name"), rs.getString("action"), rs.getString("subject")))
                .list();
    }
}
