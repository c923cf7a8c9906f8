package org.staffroom.web;

import static org.staffroom.config.Sql.instant;
import static org.staffroom.config.Sql.utc;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for one-time sign-in links ({@code login_link}), found by the hash of their token. */
@Repository
class LoginLinkStore {

    /** A stored link: for whom, until when, and when it was used (null while unused). */
    record Link(String personKey, String personName, String platform, Instant expiresAt, Instant usedAt) {}

    private final JdbcClient jdbc;

    LoginLinkStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(String tokenHash, String personKey, String personName, String platform, Instant at, Instant expiresAt) {
        jdbc.sql(
                        "insert into login_link (token_hash, person_key, person_name, platform, created_at, expires_at) values (?, ?, ?, ?, ?, ?)")
                .params(tokenHash, personKey, personName, platform, utc(at), utc(expiresAt))
                .update();
    }

    Optional<Link> find(String tokenHash) {
        return jdbc.sql(
                        "select person_key, person_name, platform, expires_at, used_at from login_link where token_hash = ?")
                .param(tokenHash)
                .query((rs, n) -> new Link(
                        rs.getString("person_key"),
                        rs.getString("person_name"),
                        rs.getString("platform"),
                        instant(rs, "expires_at"),
                        instant(rs, "used_at")))
                .optional();
    }

    /** Marks the link used; false if it already was (two redemptions at the same moment: one wins). */
    boolean use(String tokenHash, Instant at) {
        return jdbc.sql("update login_link set used_at = ? where token_hash = ? and used_at is null")
                        .params(utc(at), tokenHash)
                        .update()
                == 1;
    }

    /** Forgets links that expired before {@code before}, used or not. */
    int purge(Instant before) {
        return jdbc.sql("delete from login_link where expires_at < ?")
                .param(utc(before))
                .update();
    }

    /** Each person who used a link since {@code since}, newest first, with their latest use. */
    List<SignOuts.RecentSignIn> recentSignIns(Instant since) {
        return jdbc.sql("""
                        select person_key, max(person_name) as latest_name, max(used_at) as latest_use from login_link
                        where used_at is not null and used_at >= ? group by person_key order by max(used_at) desc""")
                .param(utc(since))
                .query((rs, n) -> new SignOuts.RecentSignIn(
                        rs.getString("person_key"), rs.getString("latest_name"), instant(rs, "latest_use")))
                .list();
    }
}
