package org.staffroom.publishing;

import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.stereotype.Component;
import org.staffroom.chat.Message;
import org.staffroom.chat.Rich;
import org.staffroom.chat.Texts;
import org.staffroom.config.School;
import org.staffroom.config.StaffroomConfig;
import org.staffroom.config.TrustConfig;
import org.staffroom.drafts.PublicationStatus;

/** The status per network on a draft's card, and Retry for a failed network (approvers only, checked on press). */
@Component
record PublicationCards(PublicationStore store, Texts texts, TrustConfig config) implements PublicationStatus {

    @Override
    public Optional<Rich> lines(long draftId, Locale locale) {
        List<Publication> rows = store.ofDraft(draftId);
        if (rows.isEmpty()) return Optional.empty();
        Rich out = Rich.empty();
        boolean first = true;
        for (Publication p : rows) {
            if (!first) out = out.newline();
            first = false;
            out = out.bold(Publisher.label(p.network()) + ": ");
            out = switch (p.state()) {
                case SCHEDULED ->
                    out.text(
                            p.firstAttemptAt() != null || p.attempts() > 0
                                    ? texts.get(
                                            locale,
                                            "publishing.status.retrying",
                                            p.lastError() == null ? "" : p.lastError())
                                    : texts.get(locale, "publishing.status.scheduled", when(p, locale)));
                case PUBLISHED ->
                    out.text(texts.get(locale, "publishing.status.published") + " ")
                            .link(p.remoteUrl(), p.remoteUrl());
                case FAILED -> out.text(texts.get(locale, "publishing.status.failed", p.lastError()));
                case CANCELLED -> out.text(texts.get(locale, "publishing.status.cancelled"));
                case TAKING_DOWN -> out.text(texts.get(locale, "publishing.status.taking-down"));
                case DELETED -> out.text(texts.get(locale, "publishing.status.deleted"));
                case MANUAL ->
                    out.text(texts.get(locale, "publishing.status.manual", p.lastError()) + " ")
                            .link(p.remoteUrl(), p.remoteUrl());
                case DONE -> out.text(texts.get(locale, "publishing.status.done", p.doneBy()));
            };
        }
        return Optional.of(out);
    }

    @Override
    public List<Message.Button> buttons(long draftId, Locale locale) {
        List<Message.Button> out = new ArrayList<>();
        List<Publication> rows = store.ofDraft(draftId);
        if (rows.stream().anyMatch(p -> p.state() == Publication.State.SCHEDULED && p.firstAttemptAt() == null)) {
            out.add(new Message.Button(
                    PublishingButtons.RESCHEDULE,
                    texts.get(locale, "publishing.button.reschedule"),
                    String.valueOf(draftId),
                    Message.Button.Style.DEFAULT));
            out.add(new Message.Button(
                    PublishingButtons.CANCEL,
                    texts.get(locale, "publishing.button.cancel"),
                    String.valueOf(draftId),
                    Message.Button.Style.DANGER));
        }
        for (Publication p : rows) {
            if (p.state() == Publication.State.FAILED) {
                out.add(new Message.Button(
                        PublishingButtons.RETRY,
                        texts.get(locale, "publishing.button.retry-on", Publisher.label(p.network())),
                        String.valueOf(p.id()),
                        Message.Button.Style.PRIMARY));
            }
            if (p.state() == Publication.State.MANUAL) {
                out.add(new Message.Button(
                        PublishingButtons.TAKEN_DOWN,
                        texts.get(locale, "publishing.button.taken-down-on", Publisher.label(p.network())),
                        String.valueOf(p.id()),
                        Message.Button.Style.DANGER));
            }
        }
        return out;
    }

    @Override
    public List<String> automatic(long draftId) {
        return store.ofDraft(draftId).stream().map(Publication::network).toList();
    }

    private String when(Publication p, Locale locale) {
        StaffroomConfig c = config.get();
        String schoolId = "trust".equals(p.owner()) ? null : p.owner();
        java.time.ZoneId zone = schoolId == null
                ? c.trust().zone()
                : c.school(schoolId).map(School::zone).orElse(c.trust().zone());
        if (zone == null) zone = java.time.ZoneId.of("Europe/London");
        return DateTimeFormatter.ofPattern("EEE d MMM yyyy, HH:mm", locale)
                .format(p.dueAt().atZone(zone));
    }
}
