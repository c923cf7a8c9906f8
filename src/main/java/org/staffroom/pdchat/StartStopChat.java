package org.staffroom.pdchat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.staffroom.chat.Chat;
import org.staffroom.chat.ChatEvent;
import org.staffroom.chat.Message;
import org.staffroom.chat.Texts;
import org.staffroom.config.PdChatDef;
import org.staffroom.config.School;
import org.staffroom.directory.Caller;
import org.staffroom.directory.Directory;
import org.staffroom.pdchat.tags.Hashtags;

/** {@code /pdchat start|stop <hashtag>}: the host (or a coordinator of every school in it) runs the chat by hand. */
@Component
class StartStopChat {

    private final Directory directory;
    private final ChatDefinitions definitions;
    private final ChatLifecycle lifecycle;
    private final Chat chat;
    private final Texts texts;
    private final Clock clock;
    private final TransactionTemplate tx;

    StartStopChat(
            Directory directory,
            ChatDefinitions definitions,
            ChatLifecycle lifecycle,
            Chat chat,
            Texts texts,
            Clock clock,
            PlatformTransactionManager tm) {
        this.directory = directory;
        this.definitions = definitions;
        this.lifecycle = lifecycle;
        this.chat = chat;
        this.texts = texts;
        this.clock = clock;
        this.tx = new TransactionTemplate(tm);
    }

    Message run(ChatEvent.CommandInvoked e, Caller caller, boolean start) {
        Locale l = caller.locale();
        Optional<String> tag = Hashtags.parse(e.option("hashtag"));
        if (tag.isEmpty()) {
            answer(e, l, "pdchat.error.hashtag", "/pdchat " + e.subcommand());
            return null;
        }
        List<PdChatDef> chats = definitions.all().stream()
                .filter(d -> Hashtags.key(d.hashtag()).equals(Hashtags.key(tag.get())))
                .toList();
        if (chats.isEmpty()) {
            answer(e, l, "pdchat.error.unknown-chat", tag.get());
            return null;
        }
        Instant now = OccurrenceStore.precise(clock.instant());
        Optional<Occurrence> running = chats.stream()
                .map(d -> lifecycle.running(d, now))
                .flatMap(Optional::stream)
                .findFirst();
        if (start) {
            if (running.isPresent()) {
                answer(e, l, "pdchat.start.already", running.get().hashtag());
                return null;
            }
            PdChatDef def = chats.stream()
                    .min(Comparator.comparing(
                            d -> lifecycle.next(d, now).map(z -> z.toInstant()).orElse(Instant.MAX)))
                    .orElseThrow();
            if (!ChatPermissions.mayRun(
                    caller,
                    def.hostId(),
                    lifecycle.participating(def).stream().map(School::id).toList())) {
                answer(e, l, "pdchat.error.not-host", def.hashtag(), definitions.hostName(def));
                return null;
            }
            Optional<Occurrence> started = tx.execute(s -> lifecycle.startNow(def, now));
            if (started.isEmpty()) {
                answer(e, l, "pdchat.start.nothing", def.hashtag());
            } else if (started.get().startsAt().isAfter(now)) {
                // A slow chat asked to start on a day that is no school day starts on the next one.
                ZonedDateTime at = started.get().startsAt().atZone(started.get().zone());
                answer(
                        e,
                        l,
                        "pdchat.start.next-school-day",
                        def.hashtag(),
                        at.format(DateTimeFormatter.ofPattern("EEEE d MMMM", l)),
                        at.format(DateTimeFormatter.ofPattern("HH:mm", l)));
            } else {
                answer(e, l, "pdchat.start.done", def.hashtag(), def.title());
            }
            return null;
        }
        if (running.isEmpty()) {
            answer(e, l, "pdchat.stop.not-running", tag.get());
            return null;
        }
        Occurrence occ = running.get();
        if (!ChatPermissions.mayRun(caller, occ.hostKey(), occ.schoolIds())) {
            answer(e, l, "pdchat.error.not-host", occ.hashtag(), occ.hostName());
            return null;
        }
        tx.executeWithoutResult(s -> lifecycle.stopNow(occ, now));
        answer(e, l, "pdchat.stop.done", occ.hashtag());
        return null;
    }

    private void answer(ChatEvent.CommandInvoked e, Locale l, String key, Object... args) {
        chat.respond(e.interaction(), Message.of(texts.get(l, key, args)));
    }
}
