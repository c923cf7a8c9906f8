package org.staffroom.approvals;

import java.time.Instant;
import org.staffroom.config.Platform;

/**
 * A stage of a review was decided, for notifications. What the decision means for the subject is
 * not left to a listener: {@link Decisions} calls the subject's {@link ReviewOutcomes} directly in the
 * deciding transaction. {@code last} is true for the route's final stage;
 * a rejection or change request always ends the review. {@code reason} may be null when the
 * decision came by reaction (the approver is asked for it; {@link ReviewReasonGiven} follows).
 */
public record ReviewDecided(
        long reviewId,
        String subjectKind,
        String subjectId,
        int round,
        Outcome outcome,
        String stageId,
        String stageName,
        int stageNo,
        int stageCount,
        boolean last,
        String deciderKey,
        String deciderName,
        Platform platform,
        String reason,
        Instant at,
        String nextStageName,
        java.util.List<String> approverNames) {

    public ReviewDecided {
        approverNames = approverNames == null ? java.util.List.of() : java.util.List.copyOf(approverNames);
    }

    /** True when the whole route has approved: the subject may go public. */
    public boolean finalApproval() {
        return outcome == Outcome.APPROVED && last;
    }
}
