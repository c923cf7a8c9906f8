package org.staffroom.drafts;

import java.time.Instant;

/**
 * A post was finally approved. Published inside the decision's transaction, so what a listener
 * writes (a publication schedule) commits with the approval or not at all.
 */
public record PostApproved(long draftId, String schoolId, Instant at) {}
