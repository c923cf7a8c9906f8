package org.staffroom.approvals;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;
import org.staffroom.config.Approvals;

/**
 * Moves a review through its stages: opens it at the first stage, starts the next stage when one
 * approves, starts again from the first stage when the subject's content changes, and closes it
 * when the subject goes away. Callers hold the review's lock ({@link ReviewStore#lock}).
 */
@Component
record ReviewFlow(ReviewStore store, Stages stages, Cards cards, AuditLog audit, Clock clock) {

    long open(ReviewRequest request, Approvals.Route route) {
        Instant now = clock.instant();
        long id = store.insertReview(request, route.id(), now);
        store.lock(id);
        ReviewStore.ReviewRow review = store.review(id).orElseThrow();
        audit.record(
                now,
                new AuditLog.Step(
                        review.subjectKind(),
                        review.subjectId(),
                        id,
                        "REVIEW_OPENED",
                        null,
                        null,
                        null,
                        null,
                        "route " + route.id()));
        startStage(review, 1);
        return id;
    }

    /** Starts stage {@code stageNo} as a new round with fresh votes and new cards. */
    void startStage(ReviewStore.ReviewRow review, int stageNo) {
        Instant now = clock.instant();
        Stages.Resolved stage = stages.stageAt(review, stageNo)
                .orElseThrow(() -> new NoRouteException(review.schoolId(), review.target()));
        int round = review.currentRound() + 1;
        store.insertRound(review.id(), round, stageNo, stage.stage(), now);
        store.setCurrentRound(review.id(), round);
        ReviewStore.ReviewRow fresh = store.review(review.id()).orElseThrow();
        ReviewStore.RoundRow row = store.round(review.id(), round).orElseThrow();
        cards.post(fresh, row, stage, now);
        audit.recordBot(
                now,
                review,
                "STAGE_OPENED",
                stage.stage().id(),
                "stage " + stageNo + " of " + stage.stageCount() + ", round " + round + ", quorum "
                        + stage.stage().quorum());
    }

    /**
     * The subject's content changed: every approval so far was for other content, so the review
     * starts again from the first stage. The old cards say they are out of date.
     */
    void restart(ReviewStore.ReviewRow review, String why) {
        Instant now = clock.instant();
        Optional<ReviewStore.RoundRow> current = store.round(review.id(), review.currentRound());
        if (current.isPresent() && current.get().open()) {
            store.closeRound(current.get().id(), "SUPERSEDED", "REVISED", now);
            cards.refresh(review.id(), current.get().round());
        }
        audit.recordBot(now, review, "REVIEW_RESTARTED", null, why);
        startStage(store.review(review.id()).orElseThrow(), 1);
    }

    /** Ends the review without a decision; its open cards say why and lose their buttons. */
    void close(ReviewStore.ReviewRow review, Closure closure) {
        Instant now = clock.instant();
        Optional<ReviewStore.RoundRow> current = store.round(review.id(), review.currentRound());
        boolean wasOpen = review.open();
        if (current.isPresent() && current.get().open()) {
            store.closeRound(current.get().id(), "CLOSED", closure.name(), now);
        }
        if (wasOpen) store.setState(review.id(), "CLOSED", now);
        current.ifPresent(r -> cards.refresh(review.id(), r.round()));
        if (wasOpen) {
            audit.recordBot(
                    now,
                    review,
                    "REVIEW_CLOSED",
                    current.map(ReviewStore.RoundRow::stageId).orElse(null),
                    closure.name().toLowerCase());
        }
    }

    List<ReviewStore.RoundRow> rounds(long reviewId) {
        return store.rounds(reviewId);
    }
}
