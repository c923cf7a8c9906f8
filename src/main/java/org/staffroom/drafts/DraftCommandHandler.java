package org.staffroom.drafts;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.stereotype.Component;
import org.staffroom.approvals.AuditEntry;
import org.staffroom.approvals.Reviews;
import org.staffroom.chat.Chat;
import org.staffroom.chat.ChatEvent;
import org.staffroom.chat.Message;
import org.staffroom.chat.Rich;
import org.staffroom.directory.Caller;
import org.staffroom.directory.Directory;

/** {@code /draft list}, {@code /draft edit <id>}, {@code /draft withdraw <id>} and {@code /draft audit <id>}. */
@Component
record DraftCommandHandler(
        Chat chat,
        Directory directory,
        DraftStore store,
        DraftService service,
        DraftEdits edits,
        DraftMessages messages,
        DraftAnswers answers,
        DraftAudit audit,
        Reviews reviews) {

    private static final int AUDIT_LINES = 30;

    /** {@code /draft list|edit|withdraw|audit}: the subcommand is the event's, as the dispatcher matched it. */
    Message run(ChatEvent.CommandInvoked event, Caller caller) {
        Locale locale = caller.locale();
        long id = DraftEdits.parseId(event.option("id"));
        boolean needsId = List.of("edit", "withdraw", "audit").contains(event.subcommand());
        if (id < 0 && needsId) {
            // "/draft withdraw abc": say what a draft number looks like, not "I can't find draft #-1".
            String typed = event.option("id") == null ? "" : event.option("id").strip();
            return Message.of(
                    typed.isEmpty()
                            ? messages.t(locale, "drafts.error.id-missing", event.subcommand())
                            : messages.t(locale, "drafts.error.id-format", typed, event.subcommand()));
        }
        return switch (event.subcommand()) {
            case "list" -> list(caller, locale);
            case "edit" -> {
                edits.openEdit(event.interaction(), caller, id, DraftCommands.EDIT_BUTTON);
                yield null;
            }
            case "withdraw" -> answers.answer(service.withdraw(caller, id), locale);
            case "audit" -> audit(caller, id, locale);
            default -> throw new IllegalArgumentException("/draft " + event.subcommand() + " is not this handler's");
        };
    }

    private Message list(Caller caller, Locale locale) {
        List<DraftStore.DraftRow> mine = store.byAuthor(caller.personKey(), 15);
        if (mine.isEmpty()) return Message.of(messages.t(locale, "drafts.list.empty"));
        Rich text = Rich.empty().bold(messages.t(locale, "drafts.list.title")).newline();
        for (DraftStore.DraftRow d : mine) {
            String excerpt = store.revision(d.id(), d.revision())
                    .map(r -> excerpt(r.text()))
                    .orElse("");
            String stage = d.state() == DraftState.IN_REVIEW && d.reviewId() != null
                    ? reviews.status(d.reviewId())
                            .map(s -> " (" + s.stageName() + ")")
                            .orElse("")
                    : "";
            text = text.text(messages.t(
                            locale,
                            "drafts.list.line",
                            String.valueOf(d.id()),
                            messages.state(d.state(), locale) + stage,
                            messages.account(d.schoolId(), d.target(), locale),
                            excerpt))
                    .newline();
        }
        return Message.of(text);
    }

    private Message audit(Caller caller, long id, Locale locale) {
        Optional<DraftStore.DraftRow> draft = store.draft(id);
        if (draft.isEmpty()) return Message.of(messages.t(locale, "drafts.error.not-found", String.valueOf(id)));
        if (!service.mayReview(caller, draft.get()))
            return Message.of(messages.t(locale, "drafts.error.not-allowed-audit", String.valueOf(id)));
        List<AuditEntry> entries = audit.entries(id);
        Rich text = Rich.empty()
                .bold(messages.t(locale, "drafts.audit.title", String.valueOf(id)))
                .newline();
        int from = Math.max(0, entries.size() - AUDIT_LINES);
        for (AuditEntry e : entries.subList(from, entries.size())) {
            text = text.code(messages.auditTime(e.at(), draft.get(), locale))
                    .text(" " + e.action()
                            + (e.actorName() == null ? "" : " · " + e.actorName())
                            + (e.platform() == null ? "" : " · " + e.platform().toLowerCase(Locale.ROOT))
                            + (e.stageId() == null ? "" : " · " + e.stageId())
                            + (e.detail() == null ? "" : " · " + e.detail()))
                    .newline();
        }
        if (from > 0) text = text.italic(messages.t(locale, "drafts.audit.more", from));
        return Message.of(text);
    }

    private static String excerpt(String text) {
        if (text == null) return "";
        String one = text.replaceAll("\\s+", " ").strip();
        return one.length() <= 60 ? one : one.substring(0, 59) + "…";
    }
}
