package org.staffroom.web;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Locale;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.staffroom.chat.Texts;
import org.staffroom.pdchat.PdChatSchedule;

/** {@code /chats.ics}: the PD chats to come, for anyone's calendar app (public, like the wall: no one's messages are in it). */
@RestController
record CalendarController(PdChatSchedule schedule, Wall wall, Texts texts, Clock clock) {

    @GetMapping("/chats.ics")
    ResponseEntity<String> ics() {
        Locale l = wall.trustLocale();
        String base = wall.baseUrl();
        String domain;
        try {
            domain = URI.create(base).getHost();
        } catch (IllegalArgumentException e) {
            domain = null;
        }
        ChatCalendar.Words words = new ChatCalendar.Words(
                texts.get(l, "web.ics.name", wall.trustName()),
                texts.get(l, "web.ics.host"),
                texts.get(l, "web.ics.schools"),
                texts.get(l, "web.chats.all-schools"));
        String body = ChatCalendar.ics(
                schedule.upcoming(l), base, domain == null ? "staffroom" : domain, clock.instant(), words);
        return ResponseEntity.ok()
                .contentType(new MediaType("text", "calendar", StandardCharsets.UTF_8))
                .cacheControl(CacheControl.noCache())
                .header("Content-Disposition", "inline; filename=\"chats.ics\"")
                .body(body);
    }
}
