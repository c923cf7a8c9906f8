package org.staffroom.approvals;

import java.time.Instant;

/** The reason for a rejection or change request made by reaction, given afterwards by the approver. */
public record ReviewReasonGiven(
        long reviewId,
        String subjectKind,
        String subjectId,
        int round,
        Outcome outcome,
        String deciderName,
        String reason,
        Instant at) {}
