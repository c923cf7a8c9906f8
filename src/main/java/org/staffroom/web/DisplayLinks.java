package org.staffroom.web;

import static org.staffroom.config.Sql.instant;
import static org.staffroom.config.Sql.utc;

import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.staffroom.config.Sql;

/**
 * Links that open the wall's full-screen display on a staffroom or reception TV, made by an admin
 * and good until revoked. Only a hash of the token is stored, so the link is shown once, when it
 * is made; a revoked link stops working on the screen's next request.
 */
@Service
class DisplayLinks {

    private static final Logger log = LoggerFactory.getLogger(DisplayLinks.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    /** A screen polls every half minute; recording each poll would only churn the row. */
    private static final Duration SEEN_GRANULARITY = Duration.ofMinutes(1);

    private final JdbcClient jdbc;
    private final Sql.Rows<Display> displays;
    private final Clock clock;

    DisplayLinks(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.displays = new Sql.Rows<>(jdbc, DisplayLinks::row);
        this.clock = clock;
    }

    record Display(
            long id,
            String label,
            String schoolId,
            String createdBy,
            Instant createdAt,
            Instant revokedAt,
            String revokedBy,
            Instant lastSeenAt) {
        boolean revoked() {
            return revokedAt != null;
        }
    }

    /** A new display and its secret token (shown once). */
    record Created(Display display, String token) {}

    /** Either the display a token opens, or why not. */
    record Opened(Display display, boolean revoked) {
        boolean ok() {
            return display != null && !revoked;
        }
    }

    @Transactional
    Created create(String label, String schoolId, String createdBy) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        GeneratedKeyHolder keys = new GeneratedKeyHolder();
        jdbc.sql(
                        "insert into display_link (token_hash, label, school_id, created_by, created_at) values (?, ?, ?, ?, ?)")
                .params(LoginLinks.hash(token), label, schoolId, createdBy, utc(clock.instant()))
                .update(keys, "id");
        long id = keys.getKey().longValue();
        log.info("Display link {} ('{}') created by {}", id, label, createdBy);
        return new Created(find(id).orElseThrow(), token);
    }

    List<Display> all() {
        return displays.list(
                "select * from display_link order by case when revoked_at is null then 0 else 1 end, id desc");
    }

    Optional<Display> find(long id) {
        return displays.one("select * from display_link where id = ?", id);
    }

    /** Revokes a display link; false if there is none or it was already revoked. */
    @Transactional
    boolean revoke(long id, String by) {
        boolean done =
                jdbc.sql("update display_link set revoked_at = ?, revoked_by = ? where id = ? and revoked_at is null")
                                .params(utc(clock.instant()), by, id)
                                .update()
                        == 1;
        if (done) log.info("Display link {} revoked by {}", id, by);
        return done;
    }

    /** What a token opens; a valid one is marked as seen now. Unknown tokens give an empty display. */
    @Transactional
    Opened open(String token) {
        if (token == null || token.length() > 100) return new Opened(null, false);
        Optional<Display> d = displays.one("select * from display_link where token_hash = ?", LoginLinks.hash(token));
        if (d.isEmpty()) return new Opened(null, false);
        if (d.get().revoked()) return new Opened(d.get(), true);
        Instant now = clock.instant();
        if (d.get().lastSeenAt() == null
                || !d.get().lastSeenAt().plus(SEEN_GRANULARITY).isAfter(now)) {
            jdbc.sql("update display_link set last_seen_at = ? where id = ?")
                    .params(utc(now), d.get().id())
                    .update();
        }
        return new Opened(d.get(), false);
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
