package org.staffroom.approvals;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.staffroom.config.Platform;

/**
 * The audit log of everything done to subjects under review: submissions, revisions, findings,
 * votes, refusals, decisions, publication, purges. Approvals writes its own steps; subjects
 * (drafts) write theirs through {@link #record}. Exportable as CSV.
 */
@Service
public class AuditLog {

    private static final String COLUMNS =
            "id, at, subject_kind, subject_id, review_id, action, actor_key, actor_name, platform, stage_id, detail";

    private final JdbcClient jdbc;

    AuditLog(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Who did what to a subject. {@code actorKey}/{@code platform} are null for the bot's own steps. */
    public record Step(
            String subjectKind,
            String subjectId,
            Long reviewId,
            String action,
            String actorKey,
            String actorName,
            Platform platform,
            String stageId,
            String detail) {}

    public void record(Instant at, Step step) {
        jdbc.sql("""
                insert into review_audit (subject_kind, subject_id, review_id, at, action, actor_key, actor_name, platform, stage_id, detail)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(
                        step.subjectKind(),
                        step.subjectId(),
                        step.reviewId(),
                        at.atOffset(ZoneOffset.UTC),
                        step.action(),
                        cut(step.actorKey(), 200),
                        cut(step.actorName(), 200),
                        step.platform() == null ? null : step.platform().name(),
                        cut(step.stageId(), 100),
                        cut(step.detail(), 1000))
                .update();
    }

    /** A step the bot took on a review, nobody's: a stage opened, a reminder, an escalation, a restart. */
    void recordBot(Instant at, ReviewStore.ReviewRow review, String action, String stageId, String detail) {
        record(
                at,
                new Step(
                        review.subjectKind(),
                        review.subjectId(),
                        review.id(),
                        action,
                        null,
                        null,
                        null,
                        stageId,
                        detail));
    }

    /** Every step for one subject, oldest first. */
    public List<AuditEntry> entries(String subjectKind, String subjectId) {
        return jdbc.sql("select " + COLUMNS
                        + " from review_audit where subject_kind = ? and subject_id = ? order by id")
                .params(subjectKind, subjectId)
                .query(AuditLog::row)
                .list();
    }

    /** Every step for a kind of subject in [from, to), oldest first. */
    public List<AuditEntry> entries(String subjectKind, Instant from, Instant to) {
        return jdbc.sql("select " + COLUMNS
                        + " from review_audit where subject_kind = ? and at >= ? and at < ? order by id")
                .params(subjectKind, from.atOffset(ZoneOffset.UTC), to.atOffset(ZoneOffset.UTC))
                .query(AuditLog::row)
                .list();
    }

    /**
     * The entries as CSV (RFC 4180, UTC ISO times to the second: the stored microseconds mean nothing
     * to a reader and make a spreadsheet show the time as text). Cells that a spreadsheet would take for a
     * formula are prefixed with an apostrophe, so an exported log cannot run anything.
     */
    public static String csv(List<AuditEntry> entries) {
        StringBuilder sb = new StringBuilder("time,subject,action,actor,actor_id,platform,stage,detail\r\n");
        for (AuditEntry e : entries) {
            sb.append(cell(e.at().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                            .toString()))
                    .append(',')
                    .append(cell(e.subjectKind() + "#" + e.subjectId()))
                    .append(',')
                    .append(cell(e.action()))
                    .append(',')
                    .append(cell(e.actorName()))
                    .append(',')
                    .append(cell(e.actorKey()))
                    .append(',')
                    .append(cell(e.platform() == null ? null : e.platform().toLowerCase()))
                    .append(',')
                    .append(cell(e.stageId()))
                    .append(',')
                    .append(cell(e.detail()))
                    .append("\r\n");
        }
        return sb.toString();
    }

    static String cell(String value) {
        if (value == null) return "";
        String v = value;
        if (!v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0) v = "'" + v;
        if (v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r")) {
            v = "\"" + v.replace("\"", "\"\"") + "\"";
        }
        return v;
    }

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }

    private static AuditEntry row(ResultSet rs, int n) throws SQLException {
        long review = rs.getLong("review_id");
        Long reviewId = rs.wasNull() ? null : review;
        return new AuditEntry(
                rs.getLong("id"),
                rs.getObject("at", OffsetDateTime.class).toInstant(),
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
