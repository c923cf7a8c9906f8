package org.staffroom.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.staffroom.chat.Tick;

/**
 * "Sign out everywhere": an admin ends every session a person has, on every instance, by moving
 * their sign-out moment forward; a session that began before it no longer counts. Each use is
 * kept in the dashboard's audit with who did it. Also purges used-up sign-in links on the tick.
 */
@Service
class SignOuts {

    private final JdbcClient jdbc;
    private final Clock clock;
    private final LoginLinks links;
    private final Duration sessionLifetime;

    SignOuts(JdbcClient jdbc, Clock clock, LoginLinks links, WebProperties web) {
        this.sessionLifetime = web.sessionLifetime();
        this.jdbc = jdbc;
        this.clock = clock;
        this.links = links;
    }

    /** An admin action recorded on the dashboard. */
    record AuditEntry(Instant at, String actorName, String action, String subject) {}

    /** The moment before which {@code personKey}'s sessions no longer count, if an admin signed them out. */
    Optional<Instant> signedOutAt(String personKey) {
        return jdbc.sql("select signed_out_at from web_sign_out where person_key = ?")
                .param(personKey)
                .query((rs, n) -> rs.getObject(1, OffsetDateTime.class).toInstant())
                .optional();
    }

    @Transactional
    void signOutEverywhere(String personKey, String subjectName, StaffUser by) {
        OffsetDateTime now = clock.instant().atOffset(ZoneOffset.UTC);
        int updated = jdbc.sql("update web_sign_out set signed_out_at = ?, signed_out_by = ? where person_key = ?")
                .params(now, by.personKey(), personKey)
                .update();
        if (updated == 0) {
            jdbc.sql("insert into web_sign_out (person_key, signed_out_at, signed_out_by) values (?, ?, ?)")
                    .params(personKey, now, by.personKey())
                    .update();
        }
        jdbc.sql("insert into web_audit (at, actor_key, actor_name, action, subject) values (?, ?, ?, ?, ?)")
                .params(now, by.personKey(), by.name(), "signed-out-everywhere", subjectName + " (" + personKey + ")")
                .update();
    }

    /** Records an admin's action on the dashboard, for the audit on the people page. */
    void audit(StaffUser by, String action, String subject) {
        jdbc.sql("insert into web_audit (at, actor_key, actor_name, action, subject) values (?, ?, ?, ?, ?)")
                .params(clock.instant().atOffset(ZoneOffset.UTC), by.personKey(), by.name(), action, subject)
                .update();
    }

    List<AuditEntry> recentAudit(int limit) {
        return jdbc.sql("select at, actor_name, action, subject from web_audit order by at desc, id desc limit "
                        + limit)
                .query((rs, n) -> new AuditEntry(
                        rs.getObject(1, OffsetDateTime.class).toInstant(),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4)))
                .list();
    }

    /** People who used a sign-in link within {@code since}: who may hold a session now. */
    record RecentSignIn(String personKey, String name, Instant at) {}

    List<RecentSignIn> recentSignIns(Instant since) {
        return jdbc.sql("""
                        select person_key, max(person_name), max(used_at) from login_link
                        where used_at is not null and used_at >= ? group by person_key order by max(used_at) desc""")
                .param(since.atOffset(ZoneOffset.UTC))
                .query((rs, n) -> new RecentSignIn(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getObject(3, OffsetDateTime.class).toInstant()))
                .list();
    }

    /** Used and expired links go once no session they began can still be running (at least a day, for the admin's list). */
    @EventListener
    void on(Tick tick) {
        Duration keep = sessionLifetime.compareTo(Duration.ofDays(1)) > 0 ? sessionLifetime : Duration.ofDays(1);
        links.purge(tick.now().minus(keep));
    }
}
