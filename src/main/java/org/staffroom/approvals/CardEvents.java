package org.staffroom.approvals;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.staffroom.chat.Chat;
import org.staffroom.chat.ChatEvent;
import org.staffroom.chat.Form;
import org.staffroom.chat.Message;
import org.staffroom.chat.MessageRef;
import org.staffroom.chat.Rich;
import org.staffroom.chat.Texts;
import org.staffroom.directory.Caller;
import org.staffroom.directory.Directory;

/**
 * Reactions, buttons and reason forms on review cards. A button gets its answer privately at
 * once; a reaction has no one to answer, so refusals and "already decided" go by DM. Rejections
 * and change requests by button ask for the reason in a form before they count; by reaction
 * they count at once (a ❌ must stop a post without delay) and the approver is sent a DM with an
 * "Add a reason" button, whose answer is passed on to the author. A mis-clicked reaction is taken
 * back by removing it within {@link Decisions#UNDO_WINDOW}; the approver is told either way.
 */
@Component
record CardEvents(Chat chat, Directory directory, Decisions decisions, ReviewStore store, Cards cards, Texts texts) {

    @EventListener
    void on(ChatEvent.ReactionAdded event) {
        Optional<Choice> choice = Choice.ofEmoji(event.emoji());
        if (choice.isEmpty()) return;
        Optional<ReviewStore.CardRow> card = cardOf(event.message());
        if (card.isEmpty()) return;
        Caller caller = directory.caller(event.actor(), event.message().channel());
        Decisions.Result r = decisions.decide(
                card.get().reviewId(),
                card.get().round(),
                caller,
                choice.get(),
                Decisions.Via.REACTION,
                null,
                card.get().deliveryKey());
        String key = "approvals:notice:" + event.platform().name().toLowerCase() + ":" + event.eventId();
        switch (r.kind()) {
            case RECORDED, WITHDRAWN, NOTHING, ALREADY_VOTED -> {
                // The card shows the count; nothing to say.
            }
            case DECIDED -> {
                if (choice.get() != Choice.APPROVE) askForReason(caller, r, choice.get(), key);
            }
            default ->
                chat.sendDirect(
                        event.actor().user(),
                        Message.of(Rich.of(notice(r, caller.locale()))
                                .newline()
                                .italic(texts.get(caller.locale(), "approvals.notice.reaction-ignored"))),
                        key);
        }
    }

    @EventListener
    void on(ChatEvent.ReactionRemoved event) {
        Optional<Choice> choice = Choice.ofEmoji(event.emoji());
        if (choice.isEmpty()) return;
        Optional<ReviewStore.CardRow> card = cardOf(event.message());
        if (card.isEmpty()) return;
        Caller caller = directory.caller(event.actor(), event.message().channel());
        Decisions.Result r = decisions.withdraw(
                card.get().reviewId(),
                card.get().round(),
                caller,
                choice.get(),
                card.get().deliveryKey());
        if (r.kind() != Decisions.Kind.NOTHING || choice.get() == Choice.APPROVE) return;
        Decisions.Result undo = decisions.undo(
                card.get().reviewId(),
                card.get().round(),
                caller,
                choice.get(),
                card.get().deliveryKey());
        String key = "approvals:notice:" + event.platform().name().toLowerCase() + ":" + event.eventId();
        Locale locale = caller.locale();
        if (undo.kind() == Decisions.Kind.UNDONE) {
            chat.sendDirect(
                    event.actor().user(), Message.of(texts.get(locale, "approvals.notice.undone", undo.title())), key);
        } else if (undo.kind() == Decisions.Kind.UNDO_TOO_LATE) {
            chat.sendDirect(
                    event.actor().user(),
                    Message.of(texts.get(
                            locale,
                            "approvals.notice.undo-too-late",
                            undo.title(),
                            String.valueOf(Decisions.UNDO_WINDOW.toMinutes()))),
                    key);
        }
    }

    Message button(ChatEvent.ButtonPressed event, Caller caller) {
        long[] target = parse(event.value());
        Locale locale = caller.locale();
        if (target == null) {
            chat.respond(event.interaction(), Message.of(texts.get(locale, "approvals.notice.not-found")));
            return null;
        }
        switch (event.actionId()) {
            case "approvals.approve" -> {
                Decisions.Result r = decisions.decide(
                        target[0], (int) target[1], caller, Choice.APPROVE, Decisions.Via.BUTTON, null, null);
                chat.respond(event.interaction(), Message.of(notice(r, locale)));
            }
            case "approvals.reject", "approvals.changes" -> {
                Choice choice = event.actionId().equals("approvals.reject") ? Choice.REJECT : Choice.CHANGES;
                Decisions.Result r = decisions.check(target[0], (int) target[1], caller, choice);
                if (r.kind() == Decisions.Kind.ALLOWED) {
                    chat.openForm(
                            event.interaction(),
                            reasonForm(event.actionId(), choice, r.title(), event.value(), locale));
                } else {
                    chat.respond(event.interaction(), Message.of(notice(r, locale)));
                }
            }
            case "approvals.reason" -> {
                Optional<ReviewStore.RoundRow> round = store.round(target[0], (int) target[1]);
                if (round.isPresent()
                        && caller.personKey().equals(round.get().decidedByKey())
                        && round.get().reason() == null) {
                    Choice choice = "REJECTED".equals(round.get().state()) ? Choice.REJECT : Choice.CHANGES;
                    String title = store.review(target[0])
                            .map(rv -> cards.title(rv, locale))
                            .orElse("");
                    chat.openForm(
                            event.interaction(), reasonForm("approvals.reason", choice, title, event.value(), locale));
                } else {
                    chat.respond(event.interaction(), Message.of(texts.get(locale, "approvals.notice.not-decider")));
                }
            }
            default -> {}
        }
        return null;
    }

    Message form(ChatEvent.FormSubmitted event, Caller caller) {
        Locale locale = caller.locale();
        long[] target = parse(event.context());
        String reason = event.value("reason").strip();
        if (target == null) {
            chat.respond(event.interaction(), Message.of(texts.get(locale, "approvals.notice.not-found")));
            return null;
        }
        if (reason.isEmpty()) {
            chat.respond(event.interaction(), Message.of(texts.get(locale, "approvals.notice.reason-needed")));
            return null;
        }
        Decisions.Result r;
        switch (event.formId()) {
            case "approvals.reject" ->
                r = decisions.decide(
                        target[0], (int) target[1], caller, Choice.REJECT, Decisions.Via.BUTTON, reason, null);
            case "approvals.changes" ->
                r = decisions.decide(
                        target[0], (int) target[1], caller, Choice.CHANGES, Decisions.Via.BUTTON, reason, null);
            case "approvals.reason" -> r = decisions.addReason(target[0], (int) target[1], caller, reason);
            default -> {
                return null;
            }
        }
        chat.respond(event.interaction(), Message.of(notice(r, locale)));
        return null;
    }

    private void askForReason(Caller caller, Decisions.Result r, Choice choice, String key) {
        Locale locale = caller.locale();
        String value = r.review().id() + ":" + r.round().round();
        Message ask = Message.of(Rich.of(texts.get(
                                locale,
                                choice == Choice.REJECT
                                        ? "approvals.ask-reason.rejected"
                                        : "approvals.ask-reason.changes",
                                r.title(),
                                r.review().authorName()))
                        .newline()
                        .italic(texts.get(
                                locale,
                                "approvals.ask-reason.undo",
                                String.valueOf(Decisions.UNDO_WINDOW.toMinutes()))))
                .withButton(new Message.Button(
                        "approvals.reason",
                        texts.get(locale, "approvals.button.reason"),
                        value,
                        Message.Button.Style.PRIMARY));
        chat.sendDirect(caller.user(), ask, key);
    }

    private Form reasonForm(String formId, Choice choice, String title, String context, Locale locale) {
        String label = texts.get(
                locale, choice == Choice.REJECT ? "approvals.form.reason.rejected" : "approvals.form.reason.changes");
        return new Form(
                formId,
                texts.get(
                        locale,
                        choice == Choice.REJECT ? "approvals.form.title.rejected" : "approvals.form.title.changes",
                        title),
                texts.get(locale, "approvals.form.submit"),
                context,
                List.of(Form.FormField.longText("reason", label, true, null, 1000)));
    }

    /** What to tell the person who acted. */
    String notice(Decisions.Result r, Locale locale) {
        return switch (r.kind()) {
            case RECORDED ->
                texts.get(
                        locale,
                        "approvals.notice.recorded",
                        r.title(),
                        String.valueOf(r.approvals()),
                        String.valueOf(r.round().quorum()));
            case DECIDED ->
                switch (r.round().state()) {
                    case "APPROVED" -> texts.get(locale, "approvals.notice.approved", r.title());
                    case "REJECTED" ->
                        texts.get(
                                locale,
                                "approvals.notice.rejected",
                                r.title(),
                                r.review().authorName());
                    default ->
                        texts.get(
                                locale,
                                "approvals.notice.changes",
                                r.title(),
                                r.review().authorName());
                };
            case ALREADY_VOTED ->
                texts.get(
                        locale,
                        "approvals.notice.already-voted",
                        r.title(),
                        String.valueOf(r.approvals()),
                        String.valueOf(r.round().quorum()));
            case ALREADY_DECIDED ->
                texts.get(
                        locale,
                        "approvals.notice.already-decided",
                        r.title(),
                        cards.status(r.review(), r.round(), locale));
            case OUTDATED -> texts.get(locale, "approvals.notice.outdated", r.title());
            case CLOSED ->
                texts.get(locale, "approvals.notice.closed", r.title(), cards.status(r.review(), r.round(), locale));
            case DENIED_NOT_APPROVER -> texts.get(locale, "approvals.notice.not-approver", r.title(), r.who());
            case DENIED_OWN -> texts.get(locale, "approvals.notice.own", r.title());
            case DENIED_EARLIER_STAGE -> texts.get(locale, "approvals.notice.earlier-stage", r.title());
            case STAGE_GONE -> texts.get(locale, "approvals.notice.stage-gone", r.title());
            case NOT_DECIDER -> texts.get(locale, "approvals.notice.not-decider");
            case REASON_ADDED ->
                texts.get(locale, "approvals.notice.reason-added", r.review().authorName());
            default -> texts.get(locale, "approvals.notice.not-found");
        };
    }

    private Optional<ReviewStore.CardRow> cardOf(MessageRef message) {
        return chat.keyOf(message).filter(k -> k.startsWith(Cards.KEY_PREFIX)).flatMap(store::card);
    }

    /** "reviewId:round" from a button value or form context. */
    static long[] parse(String value) {
        if (value == null) return null;
        String[] p = value.split(":");
        if (p.length != 2) return null;
        try {
            return new long[] {Long.parseLong(p[0]), Long.parseLong(p[1])};
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
