package org.staffroom.approvals;

/** How a stage was decided. One rejection or change request decides a stage; approvals need the quorum. */
public enum Outcome {
    APPROVED,
    REJECTED,
    CHANGES_REQUESTED
}
