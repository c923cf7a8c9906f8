package org.staffroom.approvals;

/** Why a review was closed by its subject rather than decided by approvers. */
public enum Closure {
    /** The author is revising the subject after a check blocked it. */
    REVISING,
    WITHDRAWN,
    /** Not approved by the date it was wanted for. */
    EXPIRED,
    /** Media consent was withdrawn for someone it names. */
    CONSENT
}
