package org.staffroom.approvals;

/**
 * Implemented by a module whose subjects go through review (drafts): what a decision means for the
 * subject. {@link Decisions} calls it directly inside the deciding transaction, so if it fails the
 * decision is undone with it and the caller sees the failure; it is not left to an event listener
 * whose failure nobody would notice. The events ({@link ReviewDecided} and the others) are still
 * published, for notifications.
 */
public interface ReviewOutcomes {

    /** The subject kind this answers for, as given in {@link ReviewRequest#subjectKind()}. */
    String kind();

    void decided(ReviewDecided decision);

    void undone(ReviewDecisionUndone undone);

    void reasonGiven(ReviewReasonGiven reason);
}
