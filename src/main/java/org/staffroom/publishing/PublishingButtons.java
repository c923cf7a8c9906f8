package org.staffroom.publishing;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Locale;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.staffroom.chat.CatalogEntries;
import org.staffroom.chat.Chat;
import org.staffroom.chat.ChatEvent;
import org.staffroom.chat.Form;
import org.staffroom.chat.Message;
import org.staffroom.chat.Texts;
import org.staffroom.config.Role;
import org.staffroom.directory.Caller;

/**
 * The card's and DMs' publishing buttons: Reschedule (a date form) and Cancel before a post goes
 * out (author and approvers), Retry a failed network (approvers), Taken down for a takedown done by
 * hand. Each calls {@link PublishingService}, which the web calendar uses too. They are catalog
 * entries open to any staff member: who may act on this post (its author, its approvers) is the
 * service's rule, the same one the calendar applies.
 */
@Configuration(proxyBeanMethods = false)
@Import(PublishingButtons.Entries.class)
class PublishingButtons {

    static final String RETRY = "publishing.retry";
    static final String TAKEN_DOWN = "publishing.taken-down";
    static final String RESCHEDULE = "publishing.reschedule";
    static final String CANCEL = "publishing.cancel";

    private final PublishingService service;
    private final Chat chat;
    private final Texts texts;

    PublishingButtons(PublishingService service, Chat chat, Texts texts) {
        this.service = service;
        this.chat = chat;
        this.texts = texts;
    }

    /** The buttons and the date form; who may act on the post is the service's rule, so any staff member may press. */
    static final class Entries extends CatalogEntries<Caller> {
        @Override
        protected void declare(Table<Caller> table) {
            table.handledBy(PublishingButtons.class)
                    .buttons(Role.TEACHER, PublishingButtons::pressed, RETRY, TAKEN_DOWN, RESCHEDULE, CANCEL)
                    .forms(Role.TEACHER, PublishingButtons::submitted, RESCHEDULE);
        }
    }

    Message pressed(ChatEvent.ButtonPressed event, Caller caller) {
        String action = event.actionId();
        Locale locale = caller.locale();
        long id;
        try {
            id = Long.parseLong(event.value());
        } catch (NumberFormatException e) {
            return Message.of(texts.get(locale, "publishing.answer.not-found"));
        }
        if (action.equals(RESCHEDULE)) {
            // The form only asks; the rules are applied when it comes back (the same ones as on the web).
            chat.openForm(
                    event.interaction(),
                    new Form(
                            RESCHEDULE,
                            texts.get(locale, "publishing.form.title"),
                            texts.get(locale, "publishing.form.save"),
                            String.valueOf(id),
                            List.of(
                                    new Form.FormField(
                                            "date",
                                            texts.get(locale, "publishing.form.date"),
                                            Form.FormField.Kind.DATE,
                                            true,
                                            List.of(),
                                            List.of(),
                                            null,
                                            10),
                                    new Form.FormField(
                                            "time",
                                            texts.get(locale, "publishing.form.time"),
                                            Form.FormField.Kind.SHORT_TEXT,
                                            false,
                                            List.of(),
                                            List.of(),
                                            "16:00",
                                            5))));
            return null;
        }
        PublishingService.Result r = switch (action) {
            case RETRY -> service.retry(caller, id);
            case CANCEL -> service.cancel(caller, id);
            default -> service.markTakenDown(caller, id);
        };
        String key = switch (r) {
            case DONE ->
                switch (action) {
                    case RETRY -> "publishing.answer.retrying";
                    case CANCEL -> "publishing.answer.cancelled";
                    default -> "publishing.answer.taken-down";
                };
            case NOT_ALLOWED ->
                action.equals(RETRY) ? "publishing.answer.not-approver" : "publishing.answer.not-allowed";
            case NOT_FOUND -> "publishing.answer.not-found";
            default -> "publishing.answer.nothing-to-do";
        };
        return Message.of(texts.get(locale, key));
    }

    Message submitted(ChatEvent.FormSubmitted event, Caller caller) {
        Locale locale = caller.locale();
        LocalDate day;
        LocalTime time = null;
        try {
            day = LocalDate.parse(first(event, "date"));
            String t = first(event, "time");
            if (t != null && !t.isBlank())
                time = LocalTime.parse(t.strip().length() == 4 ? "0" + t.strip() : t.strip());
        } catch (RuntimeException e) {
            return Message.of(texts.get(locale, "publishing.answer.bad-date"));
        }
        PublishingService.Result r = service.reschedule(caller, Long.parseLong(event.context()), day, time);
        return Message.of(texts.get(
                locale,
                switch (r) {
                    case DONE -> "publishing.answer.rescheduled";
                    case NOT_ALLOWED -> "publishing.answer.not-allowed";
                    case NOT_FOUND -> "publishing.answer.not-found";
                    case IN_THE_PAST -> "publishing.answer.in-the-past";
                    default -> "publishing.answer.nothing-to-do";
                }));
    }

    private static String first(ChatEvent.FormSubmitted event, String field) {
        List<String> v = event.values().get(field);
        return v == null || v.isEmpty() ? null : v.get(0);
    }
}
