package org.staffroom.approvals;

import static org.staffroom.config.Sql.instant;
import static org.staffroom.config.Sql.truncate;
import static org.staffroom.config.Sql.utc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.staffroom.config.Sql;

/** SQL for the review audit ({@code review_audit}): rows are only ever added, and read oldest first. */
@Repository
class AuditStore {

    private static final String COLUMNS =
            "id, at, subject_kind, subject_id, review_id, action, actor_key, actor_name, platform, stage_id, detail";

    private final JdbcClient jdbc;
    private final Sql.Rows<AuditEntry> entries;

    AuditStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
        this.entries = new Sql.Rows<>(jdbc, AuditStore::row);
    }

    void insert(Instant at, AuditLog.Step step) {
        jdbc.sql("""
                insert into review_audit (subject_kind, subject_id, review_id, at, action, actor_key, actor_name, platform, stage_id, detail)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(
                        step.subjectKind(),
                        step.subjectId(),
                        step.reviewId(),
                        utc(at),
                        step.action(),
                        truncate(step.actorKey(), 200),
                        truncate(step.actorName(), 200),
                        step.platform() == null ? null : step.platform().name(),
                        truncate(step.stageId(), 100),
                        truncate(step.detail(), 1000))
                .update();
    }

    List<AuditEntry> of(String subjectKind, String subjectId) {
        return entries.list(
                "select " + COLUMNS + " from review_audit where subject_kind = ? and subject_id = ? order by id",
                subjectKind,
                subjectId);
    }

    List<AuditEntry> between(String subjectKind, Instant from, Instant to) {
        return entries.list(
                "select " + COLUMNS + " from review_audit where subject_kind = ? and at >= ? and at < ? order by id",
                subjectKind,
                utc(from),
                utc(to));
    }

    private static AuditEntry row(ResultSet rs, int n) throws SQLException {
        long review = rs.getLong("review_id");
        Long reviewId = rs.wasNull() ? null : review;
        return new AuditEntry(
                rs.getLong("id"),
                instant(rs, "at"),
                rs.getString("subject_kind"),
                rs.getString("subject_id"),
                reviewId,
                rs.getString("action"),
                rs.getString("actor_key"),
                rs.getString("actor_name"),
                rs.getString("platform"),
                rs.getString("stage_id"),
                rs.getString("detail"));
    }
}
