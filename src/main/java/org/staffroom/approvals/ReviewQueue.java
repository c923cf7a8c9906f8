package org.staffroom.approvals;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.staffroom.chat.Texts;
import org.staffroom.directory.Caller;

/**
 * What the web dashboard may ask of approvals: the reviews waiting for a person's decision, and
 * deciding one. A decision goes through the same service as a reaction or a card button (the
 * review's lock, the eligibility check at that moment, one winner, the audit log, the cards
 * edited in place, the author told), recorded as made "by web".
 */
@Service
public class ReviewQueue {

    private final ReviewStore store;
    private final Stages stages;
    private final Decisions decisions;
    private final CardEvents notices;
    private final Texts texts;

    ReviewQueue(ReviewStore store, Stages stages, Decisions decisions, CardEvents notices, Texts texts) {
        this.store = store;
        this.stages = stages;
        this.decisions = decisions;
        this.notices = notices;
        this.texts = texts;
    }

    /** An open stage of a review that the person may decide now. */
    public record Waiting(
            long reviewId,
            String subjectKind,
            String subjectId,
            String schoolId,
            String target,
            int round,
            String stageName,
            int stageNo,
            int stageCount,
            int approvals,
            int quorum,
            List<String> approvedBy,
            String authorName,
            Instant startedAt,
            boolean escalated,
            boolean youApproved,
            String whoDecides) {}

    /** The three choices an approver has. */
    public enum Action {
        APPROVE,
        REJECT,
        CHANGES
    }

    /**
     * What happened: {@code counted} is true when the choice was recorded (a vote or a decision);
     * {@code notice} says so, or why not, in the person's language, as the card's button would.
     */
    public record Outcome(boolean counted, boolean decided, String notice) {}

    /** Open reviews whose current stage {@code caller} may decide, oldest first. */
    @Transactional(readOnly = true)
    public List<Waiting> waitingFor(Caller caller, Locale locale) {
        List<Waiting> out = new ArrayList<>();
        for (ReviewStore.RoundRow round : store.openRounds()) {
            Optional<ReviewStore.ReviewRow> review = store.review(round.reviewId());
            if (review.isEmpty()) continue;
            ReviewStore.ReviewRow r = review.get();
            List<ReviewStore.VoteRow> votes = store.votes(r.id());
            if (stages.eligibility(caller, r, round, votes, store.rounds(r.id())) != Stages.Eligibility.OK) continue;
            Optional<Stages.Resolved> stage = stages.stageOf(r, round);
            List<String> approvedBy = votes.stream()
                    .filter(v ->
                            v.round() == round.round() && Choice.APPROVE.name().equals(v.decision()))
                    .map(ReviewStore.VoteRow::voterName)
                    .toList();
            boolean mine = votes.stream()
                    .anyMatch(v -> v.round() == round.round()
                            && v.voterKey().equals(caller.personKey())
                            && Choice.APPROVE.name().equals(v.decision()));
            out.add(new Waiting(
                    r.id(),
                    r.subjectKind(),
                    r.subjectId(),
                    r.schoolId(),
                    r.target().name().toLowerCase(Locale.ROOT),
                    round.round(),
                    round.stageName(),
                    round.stageNo(),
                    stage.map(Stages.Resolved::stageCount).orElse(round.stageNo()),
                    approvedBy.size(),
                    round.quorum(),
                    approvedBy,
                    r.authorName(),
                    round.startedAt(),
                    round.escalatedAt() != null,
                    mine,
                    stage.map(s -> stages.whoDecides(r, s.stage(), locale)).orElse("")));
        }
        return out;
    }

    /**
     * Decides round {@code round} of a review as {@code caller}. A rejection or a change request
     * needs a reason (the author is told what to do); nothing is recorded without one.
     */
    @Transactional
    public Outcome decide(long reviewId, int round, Caller caller, Action action, String reason, Locale locale) {
        Choice choice = switch (action) {
            case APPROVE -> Choice.APPROVE;
            case REJECT -> Choice.REJECT;
            case CHANGES -> Choice.CHANGES;
        };
        if (choice != Choice.APPROVE && (reason == null || reason.isBlank())) {
            return new Outcome(false, false, texts.get(locale, "approvals.notice.reason-needed"));
        }
        String clean = reason == null || reason.isBlank() ? null : reason.strip();
        if (clean != null && clean.length() > 1000) clean = clean.substring(0, 1000);
        Decisions.Result r = decisions.decide(
                reviewId, round, caller, choice, Decisions.Via.WEB, choice == Choice.APPROVE ? null : clean, null);
        boolean counted = r.kind() == Decisions.Kind.RECORDED || r.kind() == Decisions.Kind.DECIDED;
        return new Outcome(counted, r.kind() == Decisions.Kind.DECIDED, notices.notice(r, locale));
    }
}
