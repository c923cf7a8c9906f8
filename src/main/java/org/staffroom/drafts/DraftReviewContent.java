package org.staffroom.drafts;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.stereotype.Component;
import org.staffroom.approvals.ReviewContent;
import org.staffroom.chat.Message;
import org.staffroom.chat.Rich;

/** How a draft looks on its review card: the current revision, per-network preview, warnings and photos. */
@Component
record DraftReviewContent(DraftStore store, DraftMessages messages, List<PublicationStatus> publications)
        implements ReviewContent {

    @Override
    public String kind() {
        return DraftService.KIND;
    }

    @Override
    public String title(String subjectId, Locale locale) {
        return draft(subjectId).map(d -> messages.title(d, locale)).orElse("#" + subjectId);
    }

    @Override
    public Message card(String subjectId, Locale locale) {
        Optional<DraftStore.DraftRow> d = draft(subjectId);
        if (d.isEmpty()) return Message.of("#" + subjectId);
        return messages.card(
                d.get(), store.revision(d.get().id(), d.get().revision()).orElse(null), locale);
    }

    @Override
    public List<Message.Button> afterApproval(String subjectId, Locale locale) {
        Optional<DraftStore.DraftRow> d = draft(subjectId);
        // Once published (or pulled, or purged) the card has nothing left to press: no stale button.
        if (d.isEmpty() || d.get().pulledAt() != null || d.get().purged()) return List.of();
        List<Message.Button> out = new java.util.ArrayList<>();
        for (PublicationStatus p : publications) out.addAll(p.buttons(d.get().id(), locale));
        // "Mark as published" stays while a chosen network is not one Staffroom publishes to itself.
        List<String> automatic = publications.stream()
                .flatMap(p -> p.automatic(d.get().id()).stream())
                .toList();
        boolean byHand = store.revision(d.get().id(), d.get().revision())
                .map(rev -> !automatic.containsAll(rev.networks()))
                .orElse(true);
        if (byHand && d.get().state() != DraftState.PUBLISHED) {
            out.add(new Message.Button(
                    "drafts.published",
                    messages.t(locale, "drafts.button.published"),
                    subjectId,
                    Message.Button.Style.DEFAULT));
        }
        return out;
    }

    @Override
    public Optional<String> halted(String subjectId, Locale locale) {
        return draft(subjectId).filter(d -> d.pulledAt() != null).map(d -> messages.pulled(d, locale));
    }

    @Override
    public Optional<Rich> afterApprovalState(String subjectId, Locale locale) {
        Optional<DraftStore.DraftRow> d = draft(subjectId);
        if (d.isEmpty()) return Optional.empty();
        DraftStore.DraftRow draft = d.get();
        for (PublicationStatus p : publications) {
            Optional<Rich> lines = p.lines(draft.id(), locale);
            if (lines.isPresent()) return lines;
        }
        if (draft.state() == DraftState.PUBLISHED && draft.publishedUrl() != null) {
            return Optional.of(Rich.of(messages.t(
                                    locale,
                                    "drafts.card.published",
                                    draft.publishedBy() == null ? "" : draft.publishedBy())
                            + " ")
                    .link(draft.publishedUrl(), draft.publishedUrl()));
        }
        return Optional.empty();
    }

    private Optional<DraftStore.DraftRow> draft(String subjectId) {
        try {
            return store.draft(Long.parseLong(subjectId));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
