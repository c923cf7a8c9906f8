package org.staffroom.pdchat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.staffroom.config.PdChatDef;
import org.staffroom.config.School;

/**
 * The PD chat schedule for other parts of Staffroom (the web pages and the iCal feed): every
 * chat (chats.yml and those scheduled in chat) with the run that is live now or comes next, as
 * {@code /pdchat list} shows it.
 */
@Service
public class PdChatSchedule {

    private final ChatDefinitions definitions;
    private final ChatLifecycle lifecycle;
    private final ChatPosts posts;
    private final Clock clock;

    PdChatSchedule(ChatDefinitions definitions, ChatLifecycle lifecycle, ChatPosts posts, Clock clock) {
        this.definitions = definitions;
        this.lifecycle = lifecycle;
        this.posts = posts;
        this.clock = clock;
    }

    /**
     * A chat and its live or next run: {@code start}/{@code end} in the chat's own zone; {@code weekly}
     * if it repeats every week at the same local time. {@code rhythm} says how questions come, in words.
     */
    public record ScheduledChat(
            String chatId,
            String hashtag,
            String title,
            String hostName,
            String zone,
            boolean weekly,
            boolean slow,
            int intervalMinutes,
            String rhythm,
            List<String> questions,
            List<String> schoolNames,
            boolean allSchools,
            boolean live,
            ZonedDateTime start,
            ZonedDateTime end) {}

    /** Chats that are live now or have a run to come, soonest first. */
    public List<ScheduledChat> upcoming(Locale locale) {
        Instant now = clock.instant();
        List<ScheduledChat> out = new ArrayList<>();
        for (PdChatDef def : definitions.all()) {
            List<School> schools = lifecycle.participating(def);
            Optional<Occurrence> running = lifecycle.running(def, now);
            ZonedDateTime start;
            ZonedDateTime end;
            if (running.isPresent()) {
                start = running.get().startsAt().atZone(def.zone());
                end = running.get().endsAt().atZone(def.zone());
            } else {
                Optional<ZonedDateTime> next = lifecycle.next(def, now);
                if (next.isEmpty()) continue;
                start = next.get();
                end = lifecycle.plan(def, start, schools).end().atZone(def.zone());
            }
            out.add(new ScheduledChat(
                    def.id(),
                    def.hashtag(),
                    def.title(),
                    definitions.hostName(def),
                    def.zone().getId(),
                    def.repeat() == PdChatDef.Repeat.WEEKLY,
                    def.mode() == PdChatDef.Mode.SLOW,
                    def.intervalMinutes(),
                    posts.rhythm(def.mode(), def.intervalMinutes(), locale),
                    def.questions().stream().map(ChatPosts::questionText).toList(),
                    schools.stream().map(School::shortName).toList(),
                    def.schoolIds().isEmpty(),
                    running.isPresent(),
                    start,
                    end));
        }
        out.sort(Comparator.comparing(c -> c.start().toInstant()));
        return out;
    }
}
