package org.staffroom.approvals;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.staffroom.chat.Chat;
import org.staffroom.chat.Destination;
import org.staffroom.chat.Message;
import org.staffroom.chat.Rich;
import org.staffroom.chat.Texts;
import org.staffroom.chat.Tick;
import org.staffroom.config.Person;
import org.staffroom.config.School;
import org.staffroom.directory.Directory;

/**
 * On each tick: reminds a stage's approvers once it has waited {@code remind-after}, and asks
 * its backup approvers (a card in their DMs) once it has waited {@code escalate-after}. Each
 * happens once per round, claimed by a conditional update, so a repeated tick does nothing.
 */
@Component
record ReviewTimers(
        ReviewStore store,
        Stages stages,
        Cards cards,
        Chat chat,
        Directory directory,
        Texts texts,
        AuditLog audit,
        TransactionTemplate tx) {

    private static final Logger log = LoggerFactory.getLogger(ReviewTimers.class);

    @EventListener
    void on(Tick tick) {
        for (ReviewStore.RoundRow round : store.roundsAwaitingTimers()) {
            try {
                tx.executeWithoutResult(s -> check(round.reviewId(), round.round(), tick.now()));
            } catch (RuntimeException e) {
                log.error("Reminder or escalation for review {} round {} failed", round.reviewId(), round.round(), e);
            }
        }
    }

    void check(long reviewId, int roundNo, Instant now) {
        store.lock(reviewId);
        ReviewStore.ReviewRow review = store.review(reviewId).orElseThrow();
        Optional<ReviewStore.RoundRow> found = store.round(reviewId, roundNo);
        if (found.isEmpty() || !found.get().open() || !review.open()) return;
        ReviewStore.RoundRow round = found.get();
        Optional<Stages.Resolved> stage = stages.stageOf(review, round);
        if (stage.isEmpty()) return;
        if (round.remindedAt() == null
                && !now.isBefore(round.startedAt().plus(stage.get().stage().remindAfter()))
                && store.markReminded(round.id(), now)) {
            remind(review, round, stage.get(), now);
        }
        if (round.escalatedAt() == null
                && !now.isBefore(round.startedAt().plus(stage.get().stage().escalateAfter()))
                && store.markEscalated(round.id(), now)) {
            escalate(review, store.round(reviewId, roundNo).orElseThrow(), stage.get(), now);
        }
    }

    private void remind(ReviewStore.ReviewRow review, ReviewStore.RoundRow round, Stages.Resolved stage, Instant now) {
        List<ReviewStore.VoteRow> votes = store.votes(review.id(), round.round());
        ZoneId zone = stages.school(review.schoolId())
                .map(School::zone)
                .orElse(stages.config().trust().zone());
        List<Stages.Approver> waitingOn = stages.approvers(review, stage.stage()).stream()
                .filter(a -> votes.stream().noneMatch(a::cast))
                .toList();
        for (Stages.Approver a : waitingOn) {
            if (a.account() == null) continue;
            Locale locale = a.locale();
            chat.sendDirect(
                    a.account(),
                    Message.of(Rich.of(texts.get(
                            locale,
                            "approvals.reminder",
                            cards.title(review, locale),
                            stage.stage().name(),
                            Cards.time(round.startedAt(), zone, locale)))),
                    "approvals:remind:" + review.id() + ":" + round.round() + ":" + a.key());
        }
        for (Cards.ChannelCard card : cards.channelCards(review.id(), round.round())) {
            chat.post(
                    Destination.threadOf(card.channel(), card.key()),
                    Message.of(texts.get(
                            card.locale(),
                            "approvals.reminder.thread",
                            Cards.time(round.startedAt(), zone, card.locale()))),
                    "approvals:remind-thread:" + card.key());
        }
        audit.recordBot(now, review, "REMINDED", round.stageId(), waitingOn.size() + " approver(s) reminded");
    }

    private void escalate(
            ReviewStore.ReviewRow review, ReviewStore.RoundRow round, Stages.Resolved stage, Instant now) {
        List<Person> backups = stages.backups(review, stage.stage());
        cards.postBackup(review, round, backups, now);
        for (Person p : backups) {
            directory.account(p).ifPresent(u -> {
                Locale locale = directory.localeOf(p);
                chat.sendDirect(
                        u,
                        Message.of(texts.get(
                                locale,
                                "approvals.escalated.backup",
                                cards.title(review, locale),
                                stage.stage().name())),
                        "approvals:escalate:" + review.id() + ":" + round.round() + ":" + p.id());
            });
        }
        String names = backups.stream().map(Person::name).collect(Collectors.joining(", "));
        for (Cards.ChannelCard card : cards.channelCards(review.id(), round.round())) {
            chat.post(
                    Destination.threadOf(card.channel(), card.key()),
                    Message.of(texts.get(card.locale(), "approvals.escalated.thread", names.isEmpty() ? "—" : names)),
                    "approvals:escalate-thread:" + card.key());
        }
        cards.refresh(review.id(), round.round());
        audit.recordBot(
                now,
                review,
                "ESCALATED",
                round.stageId(),
                backups.isEmpty() ? "no backup approvers configured" : "to " + backups.size() + " backup approver(s)");
        if (backups.isEmpty())
            log.warn(
                    "Review {} stage {} escalated but the stage has no backup approvers", review.id(), round.stageId());
    }
}
