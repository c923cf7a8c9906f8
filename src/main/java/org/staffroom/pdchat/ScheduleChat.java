package org.staffroom.pdchat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.staffroom.chat.Chat;
import org.staffroom.chat.ChatEvent;
import org.staffroom.chat.Form;
import org.staffroom.chat.Message;
import org.staffroom.chat.Rich;
import org.staffroom.chat.Texts;
import org.staffroom.config.PdChatDef;
import org.staffroom.config.School;
import org.staffroom.directory.Caller;
import org.staffroom.directory.Directory;
import org.staffroom.pdchat.tags.Hashtags;

/** {@code /pdchat schedule}: a coordinator fills in one form and the chat is on the calendar. */
@Component
class ScheduleChat {

    private final Directory directory;
    private final ChatDefinitions definitions;
    private final ChatLifecycle lifecycle;
    private final ChatPosts posts;
    private final Chat chat;
    private final Texts texts;
    private final Clock clock;
    private final TransactionTemplate tx;

    ScheduleChat(
            Directory directory,
            ChatDefinitions definitions,
            ChatLifecycle lifecycle,
            ChatPosts posts,
            Chat chat,
            Texts texts,
            Clock clock,
            PlatformTransactionManager tm) {
        this.directory = directory;
        this.definitions = definitions;
        this.lifecycle = lifecycle;
        this.posts = posts;
        this.chat = chat;
        this.texts = texts;
        this.clock = clock;
        this.tx = new TransactionTemplate(tm);
    }

    /** Opens the form (coordinators only: the dispatcher checked the role). */
    Message open(ChatEvent.CommandInvoked e, Caller caller) {
        Locale l = caller.locale();
        ZoneId zone = lifecycle.zoneOf(caller);
        List<Form.Choice> schools = directory.schools().stream()
                .map(s -> new Form.Choice(s.id(), s.shortName()))
                .toList();
        Form form = new Form(
                PdChatCommands.SCHEDULE_FORM,
                texts.get(l, "pdchat.schedule.title"),
                texts.get(l, "pdchat.schedule.submit"),
                zone.getId(),
                List.of(
                        Form.FormField.hinted(
                                "chat",
                                texts.get(l, "pdchat.schedule.field.chat"),
                                Form.FormField.Kind.SHORT_TEXT,
                                true,
                                texts.get(l, "pdchat.schedule.placeholder.chat"),
                                250),
                        Form.FormField.hinted(
                                "start",
                                texts.get(l, "pdchat.schedule.field.start", zone.getId()),
                                Form.FormField.Kind.SHORT_TEXT,
                                true,
                                "2026-12-08 19:00",
                                16),
                        Form.FormField.hinted(
                                "questions",
                                texts.get(l, "pdchat.schedule.field.questions"),
                                Form.FormField.Kind.LONG_TEXT,
                                true,
                                texts.get(l, "pdchat.schedule.placeholder.questions"),
                                4000),
                        Form.FormField.choice(
                                "schools",
                                texts.get(l, "pdchat.schedule.field.schools"),
                                Form.FormField.Kind.MULTI_SELECT,
                                false,
                                schools,
                                List.of()),
                        new Form.FormField(
                                "options",
                                texts.get(l, "pdchat.schedule.field.options"),
                                Form.FormField.Kind.SHORT_TEXT,
                                false,
                                List.of(),
                                List.of(ScheduleRequest.DEFAULT_OPTIONS),
                                "live 10 weekly / slow once",
                                40)));
        chat.openForm(e.interaction(), form);
        return null;
    }

    /** The form came back: checked, then the chat is on the calendar. */
    Message submitted(ChatEvent.FormSubmitted e, Caller caller) {
        Locale l = caller.locale();
        Instant now = clock.instant();
        ZoneId zone = lifecycle.zoneOf(caller);
        Set<String> known = directory.schools().stream().map(School::id).collect(Collectors.toSet());
        ScheduleRequest.Outcome outcome = ScheduleRequest.parse(
                e.value("chat"),
                e.value("start"),
                e.value("questions"),
                e.values("schools"),
                e.value("options"),
                zone,
                now,
                known);
        if (outcome.request().isEmpty()) {
            Rich text = Rich.empty().text(texts.get(l, "pdchat.schedule.problems"));
            for (ScheduleRequest.Problem p : outcome.problems())
                text = text.newline().text("• " + texts.get(l, p.key(), p.args()));
            return Message.of(text);
        }
        ScheduleRequest request = outcome.request().get();
        // Checked again here: the form may have been opened before a role was taken away.
        if (!ChatPermissions.maySchedule(caller, request.schoolIds())) {
            return Message.of(texts.get(
                    l,
                    request.schoolIds().isEmpty()
                            ? "pdchat.schedule.not-allowed-all"
                            : "pdchat.schedule.not-allowed-schools"));
        }
        PdChatDef draft = request.toDef("new", caller.personKey(), zone);
        Instant start =
                ChatPlan.scheduledStart(draft, draft.start().toLocalDate()).toInstant();
        for (PdChatDef other : definitions.all()) {
            if (!Hashtags.key(other.hashtag()).equals(Hashtags.key(request.hashtag()))) continue;
            if (!ChatPlan.runDates(other, start.minus(Duration.ofDays(1)), start.plus(Duration.ofDays(1)))
                    .isEmpty()) {
                return Message.of(texts.get(l, "pdchat.schedule.clash", other.hashtag(), other.title()));
            }
        }
        PdChatDef def = tx.execute(s -> {
            String id = freeId(request);
            PdChatDef d = request.toDef(id, caller.personKey(), zone);
            definitions.add(d, caller.name(), caller.personKey(), now);
            return d;
        });
        String schools = request.schoolIds().isEmpty()
                ? texts.get(l, "pdchat.all-schools")
                : String.join(
                        ", ",
                        lifecycle.participating(def).stream()
                                .map(School::shortName)
                                .toList());
        return Message.of(texts.get(
                l,
                "pdchat.schedule.done",
                def.hashtag(),
                def.title(),
                ChatPosts.shortDay(start, zone, l) + ", " + ChatPosts.time(start, zone),
                zone.getId(),
                def.questions().size(),
                posts.rhythm(def.mode(), def.intervalMinutes(), l),
                texts.get(l, repeatKey(def)),
                schools));
    }

    static String repeatKey(PdChatDef def) {
        return def.repeat() == PdChatDef.Repeat.WEEKLY ? "pdchat.repeat.weekly" : "pdchat.repeat.once";
    }

    private String freeId(ScheduleRequest r) {
        String base = r.hashtag().substring(1).toLowerCase(Locale.ROOT) + "-"
                + r.start().toLocalDate();
        String id = base;
        for (int i = 2; definitions.exists(id); i++) id = base + "-" + i;
        return id;
    }
}
