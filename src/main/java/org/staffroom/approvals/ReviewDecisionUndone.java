package org.staffroom.approvals;

import java.time.Instant;

/**
 * A rejection or change request made by reaction was taken back by the approver who made it
 * (they removed the reaction within {@link Decisions#UNDO_WINDOW}): the review is open again at
 * the same stage. Published inside the undoing transaction.
 */
public record ReviewDecisionUndone(
        long reviewId,
        String subjectKind,
        String subjectId,
        int round,
        Outcome outcome,
        String deciderName,
        Instant at) {}
