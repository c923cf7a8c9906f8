package org.staffroom.approvals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.staffroom.chat.Actor;
import org.staffroom.chat.ChannelRef;
import org.staffroom.chat.Chat;
import org.staffroom.chat.ChatUnavailableException;
import org.staffroom.chat.Delivery;
import org.staffroom.chat.PlatformReconnected;
import org.staffroom.chat.UserRef;
import org.staffroom.config.Platform;
import org.staffroom.directory.Caller;
import org.staffroom.directory.Directory;

/**
 * Platforms deliver reactions at least once and sometimes not at all (a Discord session that
 * is recreated replays nothing). So the reactions on open review cards are read back from the
 * platform at start, when a platform reconnects after events may have been lost
 * ({@link PlatformReconnected}: that platform's cards only) and every 15 minutes: a ✅ ❌ ✏️ by a current approver that was never
 * counted is counted, and a counted reaction that is gone is withdrawn. Only approvers are
 * reconciled (refusals were already sent when the reaction arrived), and platform groups are
 * not known from a reaction list, so people approving only through a Slack user group or a
 * Discord role are counted when their event arrives.
 */
@Component
class CardReconciler {

    private static final Logger log = LoggerFactory.getLogger(CardReconciler.class);
    static final Duration EVERY = Duration.ofMinutes(15);

    private final ReviewStore store;
    private final Stages stages;
    private final Decisions decisions;
    private final Directory directory;
    private final Chat chat;
    private volatile Instant last;

    CardReconciler(ReviewStore store, Stages stages, Decisions decisions, Directory directory, Chat chat) {
        this.store = store;
        this.stages = stages;
        this.decisions = decisions;
        this.directory = directory;
        this.chat = chat;
    }

    @EventListener(ApplicationReadyEvent.class)
    void onStart() {
        reconcileAll();
    }

    /** Runs on the adapter's background thread, so the connection itself is not held up. */
    @EventListener
    void on(PlatformReconnected reconnected) {
        log.info("Reconciling review cards on {} ({})", reconnected.platform().label(), reconnected.reason());
        reconcileAll(reconnected.platform());
    }

    @EventListener
    void on(org.staffroom.chat.Tick tick) {
        Instant before = last;
        if (before != null && Duration.between(before, tick.now()).abs().compareTo(EVERY) < 0) return;
        last = tick.now();
        reconcileAll();
    }

    void reconcileAll() {
        reconcileAll(null);
    }

    /** Every open card, or those on {@code only}. */
    void reconcileAll(Platform only) {
        for (ReviewStore.RoundRow round : store.openRounds()) {
            for (ReviewStore.CardRow card : store.cards(round.reviewId(), round.round())) {
                try {
                    reconcile(card, only);
                } catch (ChatUnavailableException | RuntimeException e) {
                    // The platform may be down or the card gone; the next pass tries again.
                    log.warn(
                            "Reconciling the reactions of review card {} failed: {}",
                            card.deliveryKey(),
                            e.getMessage());
                }
            }
        }
    }

    void reconcile(ReviewStore.CardRow card, Platform only) throws ChatUnavailableException {
        Optional<Delivery> delivery = chat.delivery(card.deliveryKey());
        if (delivery.isEmpty() || !delivery.get().sent()) return;
        if (only != null && delivery.get().message().channel().platform() != only) return;
        Map<String, List<UserRef>> reactions = chat.reactions(delivery.get().message());
        ChannelRef channel = card.destination().startsWith("dm:") ? null : ChannelRef.parse(card.destination());
        ReviewStore.ReviewRow review = store.review(card.reviewId()).orElseThrow();
        ReviewStore.RoundRow round = store.round(card.reviewId(), card.round()).orElseThrow();
        if (!round.open() || !review.open()) return;
        // Votes counted from a reaction on this card that is no longer there: withdrawn.
        for (ReviewStore.VoteRow vote : store.votes(card.reviewId(), card.round())) {
            if (!"REACTION".equals(vote.via())) continue;
            UserRef voter = UserRef.parse(vote.userKey());
            Choice choice = Choice.valueOf(vote.decision());
            boolean stillThere = reactions.entrySet().stream()
                    .anyMatch(e -> Choice.ofEmoji(e.getKey()).orElse(null) == choice && contains(e.getValue(), voter));
            if (!stillThere && card.deliveryKey().equals(vote.cardKey())) {
                Caller caller = directory.caller(Actor.of(voter, voter.id()), channel);
                decisions.withdraw(card.reviewId(), card.round(), caller, choice, card.deliveryKey());
            }
        }
        // Reactions by current approvers that were never counted.
        for (Map.Entry<String, List<UserRef>> e : reactions.entrySet()) {
            Optional<Choice> choice = Choice.ofEmoji(e.getKey());
            if (choice.isEmpty()) continue;
            for (UserRef user : e.getValue()) {
                Caller caller = directory.caller(Actor.of(user, user.id()), channel);
                ReviewStore.RoundRow now =
                        store.round(card.reviewId(), card.round()).orElseThrow();
                if (!now.open()) return;
                Optional<ReviewStore.VoteRow> vote = store.vote(card.reviewId(), card.round(), caller.personKey());
                if (vote.isPresent()) continue;
                if (stages.eligibility(caller, review, now, store.votes(card.reviewId()), store.rounds(card.reviewId()))
                        != Stages.Eligibility.OK) {
                    continue;
                }
                log.info(
                        "Counting a {} on review card {} that was never delivered as an event",
                        choice.get(),
                        card.deliveryKey());
                decisions.decide(
                        card.reviewId(),
                        card.round(),
                        caller,
                        choice.get(),
                        Decisions.Via.REACTION,
                        null,
                        card.deliveryKey());
            }
        }
    }

    private static boolean contains(List<UserRef> users, UserRef user) {
        return users.stream().anyMatch(u -> u.platform() == user.platform() && u.id().equals(user.id()));
    }
}
