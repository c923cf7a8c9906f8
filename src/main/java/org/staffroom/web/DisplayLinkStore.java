package org.staffroom.web;

import static org.staffroom.config.Sql.instant;
import static org.staffroom.config.Sql.utc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;
import org.staffroom.config.Sql;
import org.staffroom.web.DisplayLinks.Display;

/** SQL for the wall's display links ({@code display_link}), found by id or by the hash of their token. */
@Repository
class DisplayLinkStore {

    private final JdbcClient jdbc;
    private final Sql.Rows<Display> displays;

    DisplayLinkStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
        this.displays = new Sql.Rows<>(jdbc, DisplayLinkStore::row);
    }

    /** Stores a new link; returns its id. */
    long insert(String tokenHash, String label, String schoolId, String createdBy, Instant at) {
        GeneratedKeyHolder keys = new GeneratedKeyHolder();
        jdbc.sql(
                        "insert into display_link (token_hash, label, school_id, created_by, created_at) values (?, ?, ?, ?, ?)")
                .params(tokenHash, label, schoolId, createdBy, utc(at))
                .update(keys, "id");
        return keys.getKey().longValue();
    }

    /** Working links first, newest first. */
    List<Display> all() {
        return displays.list(
                "select * from display_link order by case when revoked_at is null then 0 else 1 end, id desc");
    }

    Optional<Display> find(long id) {
        return displays.one("select * from display_link where id = ?", id);
    }

    Optional<Display> byTokenHash(String tokenHash) {
        return displays.one("select * from display_link where token_hash = ?", tokenHash);
    }

    /** False if there is no such link or it was already revoked. */
    boolean revoke(long id, String by, Instant at) {
        return jdbc.sql("update display_link set revoked_at = ?, revoked_by = ? where id = ? and revoked_at is null")
                        .params(utc(at), by, id)
                        .update()
                == 1;
    }

    void seen(long id, Instant at) {
        jdbc.sql("update display_link set last_seen_at = ? where id = ?")
                .params(utc(at), id)
                .update();
    }

    private static Display row(ResultSet rs, int n) throws SQLException {
        return new Display(
                rs.getLong("id"),
                rs.getString("label"),
                rs.getString("school_id"),
                rs.getString("created_by"),
                instant(rs, "created_at"),
                instant(rs, "revoked_at"),
                rs.getString("revoked_by"),
                instant(rs, "last_seen_at"));
    }
}
