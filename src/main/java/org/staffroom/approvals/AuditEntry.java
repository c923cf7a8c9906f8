package org.staffroom.approvals;

import java.time.Instant;

/**
 * One step in the audit log: what happened to which subject, who did it, when and on which
 * platform. {@code detail} never holds the content under review (it survives a purge).
 */
public record AuditEntry(
        long id,
        Instant at,
        String subjectKind,
        String subjectId,
        Long reviewId,
        String action,
        String actorKey,
        String actorName,
        String platform,
        String stageId,
        String detail) {}
