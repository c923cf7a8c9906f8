package org.staffroom.drafts;

import java.util.List;
import java.util.Locale;
import org.springframework.stereotype.Component;
import org.staffroom.chat.Message;
import org.staffroom.chat.Rich;

/** The private answers the author gets at once after submitting or revising: what happened, and what to change. */
@Component
record DraftAnswers(DraftMessages messages, DraftStore store) {

    Message answer(DraftService.Outcome o, Locale locale) {
        String id = String.valueOf(o.draftId());
        switch (o.kind()) {
            case SUBMITTED, REVISED -> {
                List<Finding> blocks =
                        o.findings().stream().filter(Finding::blocks).toList();
                List<Finding> warnings =
                        o.findings().stream().filter(f -> !f.blocks()).toList();
                Rich text;
                if (o.state() == DraftState.BLOCKED) {
                    text = Rich.empty()
                            .bold(messages.t(locale, "drafts.submitted.blocked", id))
                            .newline()
                            .append(messages.findingLines(blocks, locale));
                    if (!warnings.isEmpty()) {
                        text = text.text(messages.t(locale, "drafts.submitted.also"))
                                .newline()
                                .append(messages.findingLines(warnings, locale));
                    }
                    text = text.italic(messages.t(locale, "drafts.submitted.saved"));
                    return withAltButton(
                            Message.of(text).withButton(messages.editButton(o.draftId(), locale)), o, locale);
                }
                text = Rich.of(messages.t(
                        locale,
                        o.kind() == DraftService.Outcome.Kind.SUBMITTED
                                ? "drafts.submitted.review"
                                : "drafts.revised.review",
                        id,
                        o.stageName() == null ? "" : o.stageName(),
                        String.valueOf(o.revision())));
                if (!warnings.isEmpty()) {
                    text = text.newline()
                            .text(messages.t(locale, "drafts.submitted.warnings"))
                            .newline()
                            .append(messages.findingLines(warnings, locale));
                }
                Message m =
                        withAltButton(Message.of(text).withButton(messages.editButton(o.draftId(), locale)), o, locale);
                boolean noDate = store.revision(o.draftId(), o.revision())
                        .map(r -> r.wantedDate() == null)
                        .orElse(false);
                return noDate ? m.withButton(messages.dateButton(o.draftId(), locale)) : m;
            }
            case KEPT_VOTES -> {
                return Message.of(messages.t(locale, "drafts.revised.kept", id));
            }
            case NO_CHANGE -> {
                return Message.of(messages.t(locale, "drafts.error.no-change", id));
            }
            case NOT_AUTHOR -> {
                return Message.of(messages.t(locale, "drafts.error.not-author", id));
            }
            case NOT_EDITABLE -> {
                return Message.of(messages.t(
                        locale,
                        "drafts.error.not-editable",
                        id,
                        o.state() == null ? "" : messages.state(o.state(), locale)));
            }
            case STALE -> {
                return Message.of(messages.t(locale, "drafts.error.stale", id));
            }
            case WITHDRAWN -> {
                return Message.of(messages.t(locale, "drafts.withdrawn", id));
            }
            case PUBLISHED -> {
                return Message.of(messages.t(locale, "drafts.published", id));
            }
            case NOT_ALLOWED -> {
                return Message.of(messages.t(locale, "drafts.error.not-allowed-published", id));
            }
            default -> {
                return Message.of(messages.t(locale, "drafts.error.not-found", id));
            }
        }
    }

    /** A photo draft's answer offers "Describe photos": to change a description, or give one Discord had no room to ask. */
    private Message withAltButton(Message m, DraftService.Outcome o, Locale locale) {
        boolean photos = store.revision(o.draftId(), o.revision())
                .map(r -> !r.imageIds().isEmpty())
                .orElse(false);
        return photos ? m.withButton(messages.altButton(o.draftId(), locale)) : m;
    }

    /** A problem with what was typed; the text is given back so nothing the author wrote is lost. */
    Message problem(DraftForms.Problem p, String typedText, Locale locale) {
        Rich text = Rich.of(messages.t(locale, p.key, p.args));
        if (typedText != null && !typedText.isBlank()) {
            text = text.newline()
                    .italic(messages.t(locale, "drafts.error.your-text"))
                    .newline()
                    .quote(typedText);
        }
        return Message.of(text);
    }
}
