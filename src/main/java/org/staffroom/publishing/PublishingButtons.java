package org.staffroom.publishing;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Locale;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import org.staffroom.chat.Chat;
import org.staffroom.chat.ChatEvent;
import org.staffroom.chat.Form;
import org.staffroom.chat.Message;
import org.staffroom.chat.Texts;
import org.staffroom.directory.Caller;
import org.staffroom.directory.Directory;

/**
 * The card's and DMs' publishing buttons: Reschedule (a date form) and Cancel before a post goes
 * out (author and approvers), Retry a failed network (approvers), Taken down for a takedown done by
 * hand. Each calls {@link PublishingService}, which the web calendar uses too.
 */
@Component
class PublishingButtons {

    static final String RETRY = "publishing.retry";
    static final String TAKEN_DOWN = "publishing.taken-down";
    static final String RESCHEDULE = "publishing.reschedule";
    static final String CANCEL = "publishing.cancel";

    private final PublishingService service;
    private final Directory directory;
    private final Chat chat;
    private final Texts texts;

    PublishingButtons(PublishingService service, Directory directory, Chat chat, Texts texts) {
        this.service = service;
        this.directory = directory;
        this.chat = chat;
        this.texts = texts;
    }

    @EventListener
    void on(ChatEvent.ButtonPressed event) {
        String action = event.actionId();
        if (!action.equals(RETRY) && !action.equals(TAKEN_DOWN) && !action.equals(RESCHEDULE) && !action.equals(CANCEL)) return;
        Caller caller = directory.caller(event.actor(), event.message() == null ? null : event.message().channel());
        Locale locale = caller.locale();
        long id;
        try {
            id = Long.parseLong(event.value());
        } catch (NumberFormatException e) {
            return;
        }
        if (action.equals(RESCHEDULE)) {
            // The form only asks; the rules are applied when it comes back (the same ones as on the web).
            chat.openForm(event.interaction(), new Form(RESCHEDULE, texts.get(locale, "publishing.form.title"),
                    texts.get(locale, "publishing.form.save"), String.valueOf(id), List.of(
                    new Form.FormField("date", texts.get(locale, "publishing.form.date"), Form.FormField.Kind.DATE, true,
                            List.of(), List.of(), null, 10),
                    new Form.FormField("time", texts.get(locale, "publishing.form.time"), Form.FormField.Kind.SHORT_TEXT, false,
                            List.of(), List.of(), "16:00", 5))));
            return;
        }
        PublishingService.Result r = switch (action) {
            case RETRY -> service.retry(caller, id);
            case CANCEL -> service.cancel(caller, id);
            default -> service.markTakenDown(caller, id);
        };
        String key = switch (r) {
            case DONE -> switch (action) {
                case RETRY -> "publishing.answer.retrying";
                case CANCEL -> "publishing.answer.cancelled";
                default -> "publishing.answer.taken-down";
            };
            case NOT_ALLOWED -> action.equals(RETRY) ? "publishing.answer.not-approver" : "publishing.answer.not-allowed";
            case NOT_FOUND -> "publishing.answer.not-found";
            default -> "publishing.answer.nothing-to-do";
        };
        chat.respond(event.interaction(), Message.of(texts.get(locale, key)));
    }

    @EventListener
    void on(ChatEvent.FormSubmitted event) {
        if (!event.formId().equals(RESCHEDULE)) return;
        Caller caller = directory.caller(event.actor(), event.channel());
        Locale locale = caller.locale();
        LocalDate day;
        LocalTime time = null;
        try {
            day = LocalDate.parse(first(event, "date"));
            String t = first(event, "time");
            if (t != null && !t.isBlank()) time = LocalTime.parse(t.strip().length() == 4 ? "0" + t.strip() : t.strip());
        } catch (RuntimeException e) {
            chat.respond(event.interaction(), Message.of(texts.get(locale, "publishing.answer.bad-date")));
            return;
        }
        PublishingService.Result r = service.reschedule(caller, Long.parseLong(event.context()), day, time);
        chat.respond(event.interaction(), Message.of(texts.get(locale, switch (r) {
            case DONE -> "publishing.answer.rescheduled";
            case NOT_ALLOWED -> "publishing.answer.not-allowed";
            case NOT_FOUND -> "publishing.answer.not-found";
            case IN_THE_PAST -> "publishing.answer.in-the-past";
            default -> "publishing.answer.nothing-to-do";
        })));
    }

    private static String first(ChatEvent.FormSubmitted event, String field) {
        List<String> v = event.values().get(field);
        return v == null || v.isEmpty() ? null : v.get(0);
    }
}
