package org.staffroom.publishing;

import java.util.Locale;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import org.staffroom.chat.Chat;
import org.staffroom.chat.ChatEvent;
import org.staffroom.chat.Message;
import org.staffroom.chat.Texts;
import org.staffroom.directory.Caller;
import org.staffroom.directory.Directory;

/** Retry (a failed network) and Taken down (a takedown done by hand), from cards and DMs. */
@Component
class PublishingButtons {

    static final String RETRY = "publishing.retry";
    static final String TAKEN_DOWN = "publishing.taken-down";

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
        if (!event.actionId().equals(RETRY) && !event.actionId().equals(TAKEN_DOWN)) return;
        Caller caller = directory.caller(event.actor(), event.message() == null ? null : event.message().channel());
        Locale locale = caller.locale();
        long id;
        try {
            id = Long.parseLong(event.value());
        } catch (NumberFormatException e) {
            return;
        }
        PublishingService.Result r = event.actionId().equals(RETRY) ? service.retry(caller, id) : service.markTakenDown(caller, id);
        String key = switch (r) {
            case DONE -> event.actionId().equals(RETRY) ? "publishing.answer.retrying" : "publishing.answer.taken-down";
            case NOT_ALLOWED -> event.actionId().equals(RETRY) ? "publishing.answer.not-approver" : "publishing.answer.not-allowed";
            case NOT_FOUND -> "publishing.answer.not-found";
            default -> "publishing.answer.nothing-to-do";
        };
        chat.respond(event.interaction(), Message.of(texts.get(locale, key)));
    }
}
