package org.staffroom.drafts;

/**
 * Where a draft is. BLOCKED: a check found something the author must fix; nothing went to
 * approvers. IN_REVIEW: with a stage's approvers. CHANGES_REQUESTED: back with the author.
 * APPROVED: every stage approved; PUBLISHED: the author or an approver recorded its link.
 * REJECTED, EXPIRED (not approved by its wanted date) and WITHDRAWN are final.
 */
public enum DraftState {
    BLOCKED,
    IN_REVIEW,
    CHANGES_REQUESTED,
    APPROVED,
    PUBLISHED,
    REJECTED,
    EXPIRED,
    WITHDRAWN;

    /** The author may still revise it. */
    boolean editable() {
        return this == BLOCKED || this == IN_REVIEW || this == CHANGES_REQUESTED;
    }

    boolean approved() {
        return this == APPROVED || this == PUBLISHED;
    }
}
