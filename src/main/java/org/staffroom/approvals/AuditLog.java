package org.staffroom.approvals;

import java.time.Instant;
import java.util.List;
import org.springframework.stereotype.Service;
import org.staffroom.config.Platform;

/**
 * The audit log of everything done to subjects under review: submissions, revisions, findings,
 * votes, refusals, decisions, publication, purges. Approvals writes its own steps; subjects
 * (drafts) write theirs through {@link #record}. Exportable as CSV.
 */
@Service
public class AuditLog {

    private final AuditStore store;

    AuditLog(AuditStore store) {
        this.store = store;
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
        store.insert(at, step);
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
        return store.of(subjectKind, subjectId);
    }

    /** Every step for a kind of subject in [from, to), oldest first. */
    public List<AuditEntry> entries(String subjectKind, Instant from, Instant to) {
        return store.between(subjectKind, from, to);
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
}
