package org.staffroom.drafts;

import java.time.Instant;
import java.util.List;
import org.springframework.stereotype.Service;
import org.staffroom.approvals.AuditEntry;
import org.staffroom.approvals.AuditLog;

/**
 * The audit log of drafts, for the web dashboard: every submission, revision, finding (by kind),
 * vote, refusal, decision, publication and purge, with who, when and on which platform, as
 * entries or CSV. Entries never hold a draft's content, so they outlive its purge.
 */
@Service
public class DraftAudit {

    private final AuditLog log;

    DraftAudit(AuditLog log) {
        this.log = log;
    }

    public List<AuditEntry> entries(long draftId) {
        return log.entries(DraftService.KIND, String.valueOf(draftId));
    }

    /** One draft's log as CSV. */
    public String csv(long draftId) {
        return AuditLog.csv(entries(draftId));
    }

    /** Every draft's log between two instants as CSV. */
    public String csv(Instant from, Instant to) {
        return AuditLog.csv(log.entries(DraftService.KIND, from, to));
    }
}
