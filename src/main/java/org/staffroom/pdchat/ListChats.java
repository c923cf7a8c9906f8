package org.staffroom.pdchat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.stereotype.Component;
import org.staffroom.chat.Chat;
import org.staffroom.chat.ChatEvent;
import org.staffroom.chat.Message;
import org.staffroom.chat.Rich;
import org.staffroom.chat.Texts;
import org.staffroom.config.PdChatDef;
import org.staffroom.config.School;
import org.staffroom.directory.Caller;

/** {@code /pdchat list}: what is on now and coming up, in the caller's time zone. */
@Component
record ListChats(
        ChatDefinitions definitions, ChatLifecycle lifecycle, ChatPosts posts, Chat chat, Texts texts, Clock clock) {

    static final int SHOWN = 10;

    private record Entry(Instant start, boolean live, PdChatDef def) {}

    Message handle(ChatEvent.CommandInvoked e, Caller caller) {
        Locale l = caller.locale();
        ZoneId zone = lifecycle.zoneOf(caller);
        Instant now = clock.instant();
        List<Entry> entries = new ArrayList<>();
        for (PdChatDef def : definitions.all()) {
            Optional<Occurrence> running = lifecycle.running(def, now);
            if (running.isPresent()) {
                entries.add(new Entry(running.get().startsAt(), true, def));
                continue;
            }
            lifecycle
                    .next(def, now)
                    .map(ZonedDateTime::toInstant)
                    .ifPresent(s -> entries.add(new Entry(s, false, def)));
        }
        if (entries.isEmpty()) {
            chat.respond(e.interaction(), Message.of(texts.get(l, "pdchat.list.none")));
            return null;
        }
        entries.sort(Comparator.comparing(Entry::start));
        Rich text = Rich.empty().bold(texts.get(l, "pdchat.list.title", zone.getId()));
        for (Entry entry : entries.subList(0, Math.min(SHOWN, entries.size()))) {
            PdChatDef d = entry.def();
            List<School> schools = lifecycle.participating(d);
            String where = d.schoolIds().isEmpty()
                    ? texts.get(l, "pdchat.all-schools")
                    : String.join(", ", schools.stream().map(School::shortName).toList());
            String when = entry.live()
                    ? texts.get(l, "pdchat.list.live")
                    : ChatPosts.shortDay(entry.start(), zone, l) + ", " + ChatPosts.time(entry.start(), zone);
            text = text.newline()
                    .text(texts.get(
                            l,
                            "pdchat.list.line",
                            when,
                            d.hashtag(),
                            d.title(),
                            definitions.hostName(d),
                            d.questions().size(),
                            posts.rhythm(d.mode(), d.intervalMinutes(), l),
                            texts.get(l, ScheduleChat.repeatKey(d)),
                            where));
        }
        chat.respond(e.interaction(), Message.of(text));
        return null;
    }
}
