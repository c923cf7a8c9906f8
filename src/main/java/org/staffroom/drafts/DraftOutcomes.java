package org.staffroom.drafts;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.staffroom.approvals.Outcome;
import org.staffroom.approvals.ReviewDecided;
import org.staffroom.approvals.ReviewDecisionUndone;
import org.staffroom.approvals.ReviewOutcomes;
import org.staffroom.approvals.ReviewReasonGiven;
import org.staffroom.chat.Chat;
import org.staffroom.chat.Message;
import org.staffroom.chat.Rich;
import org.staffroom.chat.UserRef;

/**
 * What a decision means for a draft, and telling its author by DM at every decision. Approvals
 * calls it directly inside the decision's own transaction ({@link ReviewOutcomes}), so a draft never
 * disagrees with its review and a failure here undoes the decision. The final approval sends the
 * author the final copy and queues the webhook.
 */
@Component
class DraftOutcomes implements ReviewOutcomes {

    @Override
    public String kind() {
        return DraftService.KIND;
    }

    private final DraftStore store;
    private final DraftMessages messages;
    private final PublishWebhook webhook;
    private final Chat chat;
    private final ApplicationEventPublisher events;

    DraftOutcomes(
            DraftStore store,
            DraftMessages messages,
            PublishWebhook webhook,
            Chat chat,
            ApplicationEventPublisher events) {
        this.store = store;
        this.messages = messages;
        this.webhook = webhook;
        this.chat = chat;
        this.events = events;
    }

    @Override
    @Transactional(propagation = Propagation.MANDATORY)
    public void decided(ReviewDecided e) {
        Optional<DraftStore.DraftRow> found = lockedDraft(e.subjectId());
        if (found.isEmpty()) return;
        DraftStore.DraftRow draft = found.get();
        long id = draft.id();
        Locale locale = messages.localeOf(draft);
        String title = messages.title(draft, locale);
        UserRef author = UserRef.parse(draft.authorUser());
        String key = "drafts:decision:" + id + ":" + e.round();
        Instant at = e.at();
        if (e.finalApproval()) {
            if (!store.moveState(id, List.of(DraftState.IN_REVIEW), DraftState.APPROVED, at, "approved_at")) return;
            DraftStore.RevisionRow rev = store.revision(id, draft.revision()).orElseThrow();
            chat.sendDirect(author, messages.finalCopy(draft, rev, String.join(", ", e.approverNames()), locale), key);
            webhook.enqueue(id, PublishWebhook.APPROVED, at);
            events.publishEvent(
                    new PostApproved(id, draft.schoolId(), at)); // scheduled for the networks in this transaction
            return;
        }
        if (e.outcome() == Outcome.APPROVED) {
            chat.sendDirect(
                    author,
                    Message.of(messages.t(
                            locale,
                            "drafts.dm.stage-approved",
                            title,
                            e.stageName(),
                            String.join(", ", e.approverNames()),
                            e.nextStageName())),
                    key);
            return;
        }
        String reason = e.reason() == null ? messages.t(locale, "drafts.dm.reason-to-follow") : e.reason();
        if (e.outcome() == Outcome.REJECTED) {
            store.moveState(id, List.of(DraftState.IN_REVIEW), DraftState.REJECTED, at, "decided_at");
            chat.sendDirect(
                    author,
                    Message.of(Rich.of(messages.t(locale, "drafts.dm.rejected", title, e.deciderName(), reason))),
                    key);
        } else {
            store.moveState(id, List.of(DraftState.IN_REVIEW), DraftState.CHANGES_REQUESTED, at, null);
            chat.sendDirect(
                    author,
                    Message.of(Rich.of(messages.t(locale, "drafts.dm.changes", title, e.deciderName(), reason)))
                            .withButton(messages.editButton(id, locale)),
                    key);
        }
    }

    /** The approver took back a rejection or change request: the draft is with the approvers again, and its author is told. */
    @Override
    @Transactional(propagation = Propagation.MANDATORY)
    public void undone(ReviewDecisionUndone e) {
        Optional<DraftStore.DraftRow> found = lockedDraft(e.subjectId());
        if (found.isEmpty()) return;
        DraftStore.DraftRow draft = found.get();
        long id = draft.id();
        if (!store.moveState(
                id, List.of(DraftState.REJECTED, DraftState.CHANGES_REQUESTED), DraftState.IN_REVIEW, e.at(), null))
            return;
        Locale locale = messages.localeOf(draft);
        chat.sendDirect(
                UserRef.parse(draft.authorUser()),
                Message.of(messages.t(locale, "drafts.dm.undone", messages.title(draft, locale), e.deciderName())),
                "drafts:undone:" + id + ":" + e.round());
    }

    @Override
    @Transactional(propagation = Propagation.MANDATORY)
    public void reasonGiven(ReviewReasonGiven e) {
        Optional<DraftStore.DraftRow> found = store.draft(Long.parseLong(e.subjectId()));
        if (found.isEmpty()) return;
        DraftStore.DraftRow draft = found.get();
        Locale locale = messages.localeOf(draft);
        Message m = Message.of(Rich.of(
                messages.t(locale, "drafts.dm.reason", messages.title(draft, locale), e.deciderName(), e.reason())));
        if (draft.state() == DraftState.CHANGES_REQUESTED) m = m.withButton(messages.editButton(draft.id(), locale));
        chat.sendDirect(UserRef.parse(draft.authorUser()), m, "drafts:reason:" + draft.id() + ":" + e.round());
    }

    /** The draft a review is about, locked for the rest of the transaction; empty if it is gone. */
    private Optional<DraftStore.DraftRow> lockedDraft(String subjectId) {
        long id = Long.parseLong(subjectId);
        store.lock(id);
        return store.draft(id);
    }
}
