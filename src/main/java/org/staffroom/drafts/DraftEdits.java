package org.staffroom.drafts;

import java.util.Locale;
import java.util.Optional;
import org.springframework.stereotype.Component;
import org.staffroom.chat.Chat;
import org.staffroom.chat.ChatEvent;
import org.staffroom.chat.InteractionRef;
import org.staffroom.chat.Message;
import org.staffroom.config.School;
import org.staffroom.directory.Caller;
import org.staffroom.directory.Directory;

/**
 * Changing a draft after it was submitted: "Edit draft", "Set wanted date" and "Describe photos" (author only, while
 * it is not approved; the form is prefilled with the current revision) and "Mark as published"
 * (author or an approver, once approved). A form carries the revision it showed, so two edits
 * at once cannot silently overwrite each other.
 */
@Component
record DraftEdits(
        Chat chat,
        Directory directory,
        DraftStore store,
        DraftService service,
        DraftForms forms,
        DraftMessages messages,
        DraftAnswers answers) {

    Message button(ChatEvent.ButtonPressed event, Caller caller) {
        String action = event.actionId();
        long id = parseId(event.value());
        if (action.equals("drafts.published")) openPublished(event.interaction(), caller, id);
        else openEdit(event.interaction(), caller, id, action);
        return null;
    }

    /** Opens the edit (or wanted-date) form for the author, or says why not. */
    void openEdit(InteractionRef interaction, Caller caller, long id, String button) {
        Locale locale = caller.locale();
        Optional<DraftStore.DraftRow> draft = store.draft(id).filter(d -> !d.purged());
        DraftService.Outcome.Kind problem = null;
        if (draft.isEmpty()) problem = DraftService.Outcome.Kind.NOT_FOUND;
        else if (!DraftService.isAuthor(caller, draft.get())) problem = DraftService.Outcome.Kind.NOT_AUTHOR;
        else if (!draft.get().state().editable()) problem = DraftService.Outcome.Kind.NOT_EDITABLE;
        if (problem != null) {
            chat.respond(
                    interaction,
                    answers.answer(
                            DraftService.Outcome.of(
                                    problem,
                                    id,
                                    draft.map(DraftStore.DraftRow::state).orElse(null)),
                            locale));
            return;
        }
        DraftStore.RevisionRow rev = store.revision(id, draft.get().revision()).orElseThrow();
        if (button.equals(DraftCommands.ALT_BUTTON) && rev.imageIds().isEmpty()) {
            // A "Describe photos" button left from before the photos were removed.
            chat.respond(interaction, Message.of(messages.t(locale, "drafts.error.no-photos", String.valueOf(id))));
            return;
        }
        Locale formLocale = messages.localeOf(draft.get());
        chat.openForm(
                interaction,
                switch (button) {
                    case DraftCommands.DATE_BUTTON -> forms.date(formLocale, draft.get(), rev);
                    case DraftCommands.ALT_BUTTON ->
                        forms.alt(formLocale, draft.get(), rev, store.images(rev.imageIds()));
                    default -> forms.edit(formLocale, draft.get(), rev, store.images(rev.imageIds()));
                });
    }

    private void openPublished(InteractionRef interaction, Caller caller, long id) {
        Locale locale = caller.locale();
        Optional<DraftStore.DraftRow> draft = store.draft(id).filter(d -> !d.purged());
        if (draft.isEmpty()) {
            chat.respond(interaction, Message.of(messages.t(locale, "drafts.error.not-found", String.valueOf(id))));
        } else if (!service.mayMarkPublished(caller, draft.get())) {
            chat.respond(
                    interaction,
                    Message.of(messages.t(locale, "drafts.error.not-allowed-published", String.valueOf(id))));
        } else if (!draft.get().state().approved() || draft.get().pulledAt() != null) {
            chat.respond(interaction, Message.of(messages.t(locale, "drafts.error.not-approved", String.valueOf(id))));
        } else {
            chat.openForm(interaction, forms.published(locale, draft.get()));
        }
    }

    Message form(ChatEvent.FormSubmitted event, Caller caller) {
        String formId = event.formId();
        Locale locale = caller.locale();
        String[] context = event.context().split(":");
        long id = parseId(context[0]);
        Optional<DraftStore.DraftRow> draft = store.draft(id).filter(d -> !d.purged());
        if (draft.isEmpty()) {
            chat.respond(
                    event.interaction(), Message.of(messages.t(locale, "drafts.error.not-found", String.valueOf(id))));
            return null;
        }
        School school = directory.school(draft.get().schoolId()).orElseThrow();
        try {
            DraftService.Outcome outcome;
            if (formId.equals(DraftForms.PUBLISHED)) {
                outcome = service.markPublished(caller, id, DraftForms.url(event.value("url")));
            } else {
                int basedOn = context.length > 1 ? Integer.parseInt(context[1]) : -1;
                DraftService.Change change;
                if (formId.equals(DraftForms.ALT)) {
                    change = DraftService.Change.altText(DraftForms.alts(event));
                } else if (formId.equals(DraftForms.DATE)) {
                    change = new DraftService.Change(
                            null, null, null, null, false, forms.date(event.value("date"), school), true, null);
                } else {
                    DraftForms.Answers a = forms.read(event, school, true);
                    change = new DraftService.Change(
                            a.text(),
                            a.networks(),
                            a.category(),
                            a.consent() == null || a.consent().equals("remove")
                                    ? null
                                    : a.consent().equals("yes"),
                            "remove".equals(a.consent()),
                            a.wanted(),
                            a.wantedGiven(),
                            a.alts());
                }
                outcome = service.revise(caller, id, basedOn, change);
            }
            chat.respond(event.interaction(), answers.answer(outcome, locale));
        } catch (DraftForms.Problem p) {
            chat.respond(
                    event.interaction(),
                    answers.problem(p, formId.equals(DraftForms.EDIT) ? event.value("text") : null, locale));
        }
        return null;
    }

    static long parseId(String value) {
        try {
            return Long.parseLong(value == null ? "" : value.strip().replaceFirst("^#", ""));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
