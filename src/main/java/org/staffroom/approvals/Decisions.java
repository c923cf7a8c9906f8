package org.staffroom.approvals;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.staffroom.directory.Caller;

/**
 * Votes and decisions on review cards, by reaction or button, each in one transaction that
 * first takes the review's row lock: a double click, a ✅ and a ❌ arriving together are handled
 * one after another, the first decision wins (a conditional update on the round's state), and
 * the rest are told it was already decided. Who may decide is checked here, at the moment of the
 * decision, against the config in force; refusals change nothing and are audited.
 */
@Service
class Decisions {

    /** How an approver acted: on the card (reaction, button) or on the web dashboard. */
    enum Via {
        REACTION,
        BUTTON,
        WEB
    }

    enum Kind {
        /** An approval was counted; the stage still needs more. */
        RECORDED,
        DECIDED,
        ALREADY_VOTED,
        ALREADY_DECIDED,
        /** The card is for a round that a revision replaced. */
        OUTDATED,
        /** The review was closed without a decision (withdrawn, expired, consent withdrawn, being fixed). */
        CLOSED,
        NOT_FOUND,
        DENIED_NOT_APPROVER,
        DENIED_OWN,
        DENIED_EARLIER_STAGE,
        STAGE_GONE,
        /** May go ahead (a check before opening a reason form). */
        ALLOWED,
        WITHDRAWN,
        NOTHING,
        NOT_DECIDER,
        REASON_ADDED,
        /** A rejection or change request by reaction was taken back in time. */
        UNDONE,
        /** Taken back too late: the decision stands. */
        UNDO_TOO_LATE
    }

    /** How long after a rejection or change request by reaction removing the reaction takes it back. */
    static final Duration UNDO_WINDOW = Duration.ofMinutes(2);

    record Result(
            Kind kind,
            ReviewStore.ReviewRow review,
            ReviewStore.RoundRow round,
            int approvals,
            String title,
            String who) {
        boolean denied() {
            return kind == Kind.DENIED_NOT_APPROVER
                    || kind == Kind.DENIED_OWN
                    || kind == Kind.DENIED_EARLIER_STAGE
                    || kind == Kind.STAGE_GONE;
        }
    }

    private final ReviewStore store;
    private final Stages stages;
    private final Cards cards;
    private final ReviewFlow flow;
    private final AuditLog audit;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final java.util.Map<String, ReviewOutcomes> outcomes;

    Decisions(
            ReviewStore store,
            Stages stages,
            Cards cards,
            ReviewFlow flow,
            AuditLog audit,
            ApplicationEventPublisher events,
            Clock clock,
            java.util.List<ReviewOutcomes> outcomes) {
        this.outcomes =
                outcomes.stream().collect(java.util.stream.Collectors.toUnmodifiableMap(ReviewOutcomes::kind, o -> o));
        this.store = store;
        this.stages = stages;
        this.cards = cards;
        this.flow = flow;
        this.audit = audit;
        this.events = events;
        this.clock = clock;
    }

    /**
     * Records {@code caller}'s choice on round {@code roundNo} of a review, deciding the stage if it
     * settles it. {@code cardKey} is the card reacted on (null for a button).
     */
    @Transactional
    public Result decide(
            long reviewId, int roundNo, Caller caller, Choice choice, Via via, String reason, String cardKey) {
        Instant now = clock.instant();
        Gate gate = enter(
                reviewId,
                roundNo,
                caller,
                choice.name().toLowerCase() + " by " + via.name().toLowerCase());
        if (gate.result != null) return gate.result;
        ReviewStore.ReviewRow review = gate.review;
        ReviewStore.RoundRow round = gate.round;
        Optional<ReviewStore.VoteRow> existing = store.vote(reviewId, roundNo, caller.personKey());
        if (existing.isPresent() && existing.get().decision().equals(choice.name())) {
            return result(Kind.ALREADY_VOTED, review, round, caller);
        }
        existing.ifPresent(v -> store.deleteVote(v.id()));
        store.insertVote(
                reviewId,
                roundNo,
                caller.personKey(),
                caller.name(),
                choice.name(),
                via.name(),
                caller.user().platform().name(),
                caller.user().key(),
                cardKey,
                now);
        record(
                now,
                review,
                caller,
                "VOTE",
                round.stageId(),
                choice.name().toLowerCase() + " by " + via.name().toLowerCase());
        Stages.Resolved stage = stages.stageOf(review, round).orElseThrow();
        String cleanReason = reason == null || reason.isBlank() ? null : reason.strip();
        if (choice == Choice.APPROVE) {
            int approvals = approvals(reviewId, roundNo);
            if (approvals < round.quorum()) {
                cards.refresh(reviewId, roundNo);
                return new Result(Kind.RECORDED, review, round, approvals, cards.title(review, caller.locale()), null);
            }
        }
        if (!store.decideRound(
                round.id(),
                choice.outcome.name(),
                now,
                caller.personKey(),
                caller.name(),
                caller.user().platform().name(),
                choice == Choice.APPROVE ? null : cleanReason)) {
            // Cannot happen while we hold the review's lock; fail loudly rather than decide twice.
            throw new IllegalStateException("round " + round.id() + " was decided under our lock");
        }
        boolean closesReview = choice != Choice.APPROVE || stage.last();
        if (closesReview) store.setState(reviewId, choice.outcome.name(), now);
        List<String> approverNames = store.votes(reviewId, roundNo).stream()
                .filter(v -> Choice.APPROVE.name().equals(v.decision()))
                .map(ReviewStore.VoteRow::voterName)
                .toList();
        record(
                now,
                review,
                caller,
                "DECIDED",
                round.stageId(),
                choice.outcome.name().toLowerCase()
                        + (choice == Choice.APPROVE ? " (" + approverNames.size() + " of " + round.quorum() + ")" : "")
                        + (choice != Choice.APPROVE && cleanReason == null ? ", reason to follow" : ""));
        cards.refresh(reviewId, roundNo);
        String nextStage = null;
        if (!closesReview) {
            Stages.Resolved next = stages.stageAt(review, stage.stageNo() + 1).orElseThrow();
            nextStage = next.stage().name();
            flow.startStage(store.review(reviewId).orElseThrow(), stage.stageNo() + 1);
        }
        ReviewDecided decided = new ReviewDecided(
                reviewId,
                review.subjectKind(),
                review.subjectId(),
                roundNo,
                choice.outcome,
                round.stageId(),
                round.stageName(),
                stage.stageNo(),
                stage.stageCount(),
                closesReview,
                caller.personKey(),
                caller.name(),
                caller.user().platform(),
                choice == Choice.APPROVE ? null : cleanReason,
                now,
                nextStage,
                approverNames);
        // What the decision means for the subject is part of this transaction: a direct call, not a listener.
        outcomesFor(review).decided(decided);
        events.publishEvent(decided);
        ReviewStore.RoundRow decidedRound = store.round(reviewId, roundNo).orElseThrow();
        return new Result(
                Kind.DECIDED,
                store.review(reviewId).orElseThrow(),
                decidedRound,
                approverNames.size(),
                cards.title(review, caller.locale()),
                null);
    }

    /** Whether {@code caller} may decide the round now, before asking them for a reason. Refusals are audited. */
    @Transactional
    public Result check(long reviewId, int roundNo, Caller caller, Choice choice) {
        Gate gate = enter(reviewId, roundNo, caller, choice.name().toLowerCase() + " by button");
        if (gate.result != null) return gate.result;
        return result(Kind.ALLOWED, gate.review, gate.round, caller);
    }

    /**
     * A removed reaction withdraws the vote that reaction made, while the stage is undecided;
     * afterwards it changes nothing. A vote made by button is not withdrawn by a reaction.
     */
    @Transactional
    public Result withdraw(long reviewId, int roundNo, Caller caller, Choice choice, String cardKey) {
        if (!store.lock(reviewId)) return new Result(Kind.NOT_FOUND, null, null, 0, null, null);
        ReviewStore.ReviewRow review = store.review(reviewId).orElseThrow();
        Optional<ReviewStore.RoundRow> round = store.round(reviewId, roundNo);
        if (round.isEmpty() || !round.get().open() || !review.open() || review.currentRound() != roundNo) {
            return new Result(Kind.NOTHING, review, round.orElse(null), 0, null, null);
        }
        Optional<ReviewStore.VoteRow> vote = store.vote(reviewId, roundNo, caller.personKey());
        if (vote.isEmpty()
                || !vote.get().decision().equals(choice.name())
                || !cardKey.equals(vote.get().cardKey())) {
            return new Result(Kind.NOTHING, review, round.get(), 0, null, null);
        }
        store.deleteVote(vote.get().id());
        record(
                clock.instant(),
                review,
                caller,
                "VOTE_WITHDRAWN",
                round.get().stageId(),
                choice.name().toLowerCase() + " withdrawn");
        cards.refresh(reviewId, roundNo);
        return new Result(Kind.WITHDRAWN, review, round.get(), approvals(reviewId, roundNo), null, null);
    }

    /**
     * The approver who rejected (or asked for changes) by reaction removed that reaction: within
     * {@link #UNDO_WINDOW} the decision is taken back and the round is open again; later it stands.
     * Only the decider's own reaction on the card they decided on counts.
     */
    @Transactional
    public Result undo(long reviewId, int roundNo, Caller caller, Choice choice, String cardKey) {
        Instant now = clock.instant();
        if (choice == Choice.APPROVE || !store.lock(reviewId))
            return new Result(Kind.NOTHING, null, null, 0, null, null);
        ReviewStore.ReviewRow review = store.review(reviewId).orElseThrow();
        Optional<ReviewStore.RoundRow> found = store.round(reviewId, roundNo);
        if (found.isEmpty()
                || review.currentRound() != roundNo
                || !choice.outcome.name().equals(found.get().state())
                || !choice.outcome.name().equals(review.state())
                || !caller.personKey().equals(found.get().decidedByKey())) {
            return new Result(Kind.NOTHING, review, found.orElse(null), 0, null, null);
        }
        ReviewStore.RoundRow round = found.get();
        Optional<ReviewStore.VoteRow> vote = store.vote(reviewId, roundNo, caller.personKey());
        if (vote.isEmpty()
                || !Via.REACTION.name().equals(vote.get().via())
                || !cardKey.equals(vote.get().cardKey())) {
            return new Result(Kind.NOTHING, review, round, 0, null, null);
        }
        String title = cards.title(review, caller.locale());
        if (round.decidedAt() == null || now.isAfter(round.decidedAt().plus(UNDO_WINDOW))) {
            record(
                    now,
                    review,
                    caller,
                    "UNDO_REFUSED",
                    round.stageId(),
                    choice.outcome.name().toLowerCase() + " stands: reaction removed after " + UNDO_WINDOW.toMinutes()
                            + " minutes");
            return new Result(Kind.UNDO_TOO_LATE, review, round, 0, title, null);
        }
        store.reopenRound(round.id(), caller.name());
        store.deleteVote(vote.get().id());
        store.setState(reviewId, ReviewStore.OPEN, null);
        record(
                now,
                review,
                caller,
                "DECISION_UNDONE",
                round.stageId(),
                choice.outcome.name().toLowerCase() + " taken back by removing the reaction");
        cards.refresh(reviewId, roundNo);
        ReviewDecisionUndone undone = new ReviewDecisionUndone(
                reviewId, review.subjectKind(), review.subjectId(), roundNo, choice.outcome, caller.name(), now);
        outcomesFor(review).undone(undone);
        events.publishEvent(undone);
        return new Result(
                Kind.UNDONE,
                store.review(reviewId).orElseThrow(),
                store.round(reviewId, roundNo).orElseThrow(),
                0,
                title,
                null);
    }

    /** The reason for a rejection or change request made by reaction, from the approver who made it. */
    @Transactional
    public Result addReason(long reviewId, int roundNo, Caller caller, String reason) {
        if (!store.lock(reviewId)) return new Result(Kind.NOT_FOUND, null, null, 0, null, null);
        ReviewStore.ReviewRow review = store.review(reviewId).orElseThrow();
        Optional<ReviewStore.RoundRow> round = store.round(reviewId, roundNo);
        if (round.isEmpty()
                || !caller.personKey().equals(round.get().decidedByKey())
                || !(round.get().state().equals("REJECTED")
                        || round.get().state().equals("CHANGES_REQUESTED"))) {
            return new Result(
                    Kind.NOT_DECIDER, review, round.orElse(null), 0, cards.title(review, caller.locale()), null);
        }
        if (reason == null || reason.isBlank() || !store.setReason(round.get().id(), reason.strip())) {
            return new Result(Kind.ALREADY_DECIDED, review, round.get(), 0, cards.title(review, caller.locale()), null);
        }
        Instant now = clock.instant();
        record(
                now,
                review,
                caller,
                "REASON_GIVEN",
                round.get().stageId(),
                round.get().state().toLowerCase());
        cards.refresh(reviewId, roundNo);
        ReviewReasonGiven given = new ReviewReasonGiven(
                reviewId,
                review.subjectKind(),
                review.subjectId(),
                roundNo,
                Outcome.valueOf(round.get().state()),
                caller.name(),
                reason.strip(),
                now);
        outcomesFor(review).reasonGiven(given);
        events.publishEvent(given);
        return new Result(
                Kind.REASON_ADDED,
                review,
                store.round(reviewId, roundNo).orElseThrow(),
                0,
                cards.title(review, caller.locale()),
                null);
    }

    /** The subject's outcomes; a kind that registered none only hears the events. */
    private ReviewOutcomes outcomesFor(ReviewStore.ReviewRow review) {
        return outcomes.getOrDefault(review.subjectKind(), NO_OUTCOMES);
    }

    private static final ReviewOutcomes NO_OUTCOMES = new ReviewOutcomes() {
        @Override
        public String kind() {
            return "";
        }

        @Override
        public void decided(ReviewDecided decision) {}

        @Override
        public void undone(ReviewDecisionUndone undone) {}

        @Override
        public void reasonGiven(ReviewReasonGiven reason) {}
    };

    /** The checks every decision passes: the round exists, is current and open, and the caller may decide it. */
    private Gate enter(long reviewId, int roundNo, Caller caller, String attempt) {
        Instant now = clock.instant();
        if (!store.lock(reviewId)) return new Gate(new Result(Kind.NOT_FOUND, null, null, 0, null, null));
        ReviewStore.ReviewRow review = store.review(reviewId).orElseThrow();
        Optional<ReviewStore.RoundRow> asked = store.round(reviewId, roundNo);
        if (asked.isEmpty()) return new Gate(new Result(Kind.NOT_FOUND, review, null, 0, null, null));
        ReviewStore.RoundRow round = asked.get();
        if (!round.open() || !review.open() || review.currentRound() != roundNo) {
            Kind kind = "SUPERSEDED".equals(round.state())
                    ? Kind.OUTDATED
                    : "CLOSED".equals(round.state()) ? Kind.CLOSED : Kind.ALREADY_DECIDED;
            record(
                    now,
                    review,
                    caller,
                    switch (kind) {
                        case OUTDATED -> "OUTDATED_CARD";
                        case CLOSED -> "REVIEW_NOT_OPEN";
                        default -> "ALREADY_DECIDED";
                    },
                    round.stageId(),
                    attempt);
            return new Gate(result(kind, review, round, caller));
        }
        Stages.Eligibility e = stages.eligibility(caller, review, round, store.votes(reviewId), store.rounds(reviewId));
        if (e != Stages.Eligibility.OK) {
            record(
                    now,
                    review,
                    caller,
                    "DENIED",
                    round.stageId(),
                    attempt + ": " + e.name().toLowerCase().replace('_', ' '));
            Kind kind = switch (e) {
                case OWN -> Kind.DENIED_OWN;
                case EARLIER_STAGE -> Kind.DENIED_EARLIER_STAGE;
                case STAGE_GONE -> Kind.STAGE_GONE;
                default -> Kind.DENIED_NOT_APPROVER;
            };
            return new Gate(result(kind, review, round, caller));
        }
        return new Gate(review, round);
    }

    private Result result(Kind kind, ReviewStore.ReviewRow review, ReviewStore.RoundRow round, Caller caller) {
        String who = stages.stageOf(review, round)
                .map(s -> stages.whoDecides(review, s.stage(), caller.locale()))
                .orElse("");
        return new Result(
                kind, review, round, approvals(review.id(), round.round()), cards.title(review, caller.locale()), who);
    }

    private int approvals(long reviewId, int roundNo) {
        return (int) store.votes(reviewId, roundNo).stream()
                .filter(v -> Choice.APPROVE.name().equals(v.decision()))
                .count();
    }

    private void record(
            Instant now, ReviewStore.ReviewRow review, Caller caller, String action, String stageId, String detail) {
        audit.record(
                now,
                new AuditLog.Step(
                        review.subjectKind(),
                        review.subjectId(),
                        review.id(),
                        action,
                        caller.personKey(),
                        caller.name(),
                        caller.user().platform(),
                        stageId,
                        detail));
    }

    /** Either a result to return at once, or the locked review and its open current round. */
    private static final class Gate {
        final Result result;
        final ReviewStore.ReviewRow review;
        final ReviewStore.RoundRow round;

        Gate(Result result) {
            this.result = result;
            this.review = null;
            this.round = null;
        }

        Gate(ReviewStore.ReviewRow review, ReviewStore.RoundRow round) {
            this.result = null;
            this.review = review;
            this.round = round;
        }
    }
}
