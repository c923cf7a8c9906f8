package org.staffroom.approvals;

import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.staffroom.config.Approvals;
import org.staffroom.config.Person;
import org.staffroom.directory.Caller;

/**
 * What subjects call to have something reviewed. Every method joins the caller's transaction and
 * takes the review's lock first, so a subject that changes (revised, withdrawn, expired) and an
 * approver deciding at the same moment are handled one after the other. Lock the review with
 * {@link #lock} before locking your own rows, so locks are always taken in the same order.
 */
@Service
public class Reviews {

    private final ReviewStore store;
    private final ReviewFlow flow;
    private final Stages stages;
    private final Cards cards;

    Reviews(ReviewStore store, ReviewFlow flow, Stages stages, Cards cards) {
        this.store = store;
        this.flow = flow;
        this.stages = stages;
        this.cards = cards;
    }

    /** What a subject may show about its review. */
    public record Status(
            long reviewId,
            String state,
            int round,
            String stageName,
            int stageNo,
            int stageCount,
            int approvals,
            int quorum) {
        public boolean open() {
            return "OPEN".equals(state);
        }
    }

    /** The route approvals.yml has for a school and target now, if any. */
    public Optional<Approvals.Route> routeFor(String schoolId, Approvals.Target target) {
        return stages.config()
                .approvals()
                .routeFor(schoolId, target)
                .filter(r -> !r.stages().isEmpty());
    }

    /** Opens a review at the route's first stage and posts its cards. Returns the review id. */
    @Transactional
    public long open(ReviewRequest request) {
        Approvals.Route route = routeFor(request.schoolId(), request.target())
                .orElseThrow(() -> new NoRouteException(request.schoolId(), request.target()));
        return flow.open(request, route);
    }

    /** Takes the review's row lock until the transaction ends. */
    @Transactional
    public void lock(long reviewId) {
        store.lock(reviewId);
    }

    /**
     * The subject's content changed: the review starts again from the first stage with fresh
     * votes and new cards (also after a change request or a close for revising).
     */
    @Transactional
    public void restart(long reviewId, String why) {
        store.lock(reviewId);
        flow.restart(store.review(reviewId).orElseThrow(), why);
    }

    /** Something the card shows changed but not what was approved (e.g. a wanted date): re-render in place, votes stay. */
    @Transactional
    public void refresh(long reviewId) {
        store.review(reviewId).ifPresent(r -> cards.refresh(reviewId, r.currentRound()));
    }

    /** The subject was taken back for good (a post pulled): every card of every round is re-rendered in place. */
    @Transactional
    public void refreshAll(long reviewId) {
        for (ReviewStore.RoundRow round : store.rounds(reviewId)) cards.refresh(reviewId, round.round());
    }

    /** Ends the review without a decision; its cards say why. Does nothing to a review already decided. */
    @Transactional
    public void close(long reviewId, Closure closure) {
        store.lock(reviewId);
        flow.close(store.review(reviewId).orElseThrow(), closure);
    }

    @Transactional(readOnly = true)
    public Optional<Status> status(long reviewId) {
        return store.review(reviewId)
                .flatMap(r -> store.round(reviewId, r.currentRound()).map(round -> {
                    int count = stages.stageOf(r, round)
                            .map(Stages.Resolved::stageCount)
                            .orElse(round.stageNo());
                    int approvals = (int) store.votes(reviewId, round.round()).stream()
                            .filter(v -> "APPROVE".equals(v.decision()))
                            .count();
                    return new Status(
                            reviewId,
                            r.state(),
                            round.round(),
                            round.stageName(),
                            round.stageNo(),
                            count,
                            approvals,
                            round.quorum());
                }));
    }

    /** Platform accounts (user keys) everyone who voted used, in order of voting. */
    @Transactional(readOnly = true)
    public List<String> voterAccounts(long reviewId) {
        return store.votes(reviewId).stream()
                .map(ReviewStore.VoteRow::userKey)
                .distinct()
                .toList();
    }

    /**
     * True if {@code caller} is an approver of some stage of the route for a school and target,
     * as the config says now (used to let approvers mark a post published or read its audit).
     */
    public boolean isApproverFor(Caller caller, String schoolId, Approvals.Target target) {
        Optional<Approvals.Route> route = routeFor(schoolId, target);
        if (route.isEmpty()) return false;
        String personId = caller.linkedPerson().map(Person::id).orElse(null);
        for (Approvals.Stage s : route.get().stages()) {
            if (personId != null
                    && (s.approverIds().contains(personId) || s.backupIds().contains(personId))) return true;
            boolean byRole = switch (s.approverRole()) {
                case SCHOOL -> caller.roles().stream().anyMatch(g -> Stages.schoolApprover(g, schoolId));
                case TRUST -> caller.hasTrustWide(org.staffroom.config.Role.APPROVER);
                case NONE -> false;
            };
            if (byRole) return true;
        }
        return false;
    }

    /** Drops the reasons approvers wrote (they may quote the content) when the subject is purged. */
    @Transactional
    public void forgetContent(long reviewId) {
        store.forgetReasons(reviewId);
    }
}
