package org.staffroom.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.context.MessageSource;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.staffroom.config.School;
import org.staffroom.config.StaffroomConfig;
import org.staffroom.config.TrustConfig;
import org.staffroom.directory.Caller;
import org.staffroom.drafts.PostsToPublish;
import org.staffroom.publishing.Publication;
import org.staffroom.publishing.PublishingService;

/**
 * The content calendar: scheduled and published posts, per school ({@code ?school=oakfield}), for
 * the trust's own accounts ({@code ?school=trust}) or all, from two weeks back to two months ahead,
 * with each network's status and link. Reschedule and cancel go through {@link PublishingService},
 * the same service and rules as the card's buttons; the service decides who may.
 */
@Controller
record ContentCalendarController(
        PublishingService publishing,
        PostsToPublish posts,
        WebCallers callers,
        TrustConfig config,
        MessageSource messages,
        Clock clock) {

    static final Duration BACK = Duration.ofDays(14);
    static final Duration AHEAD = Duration.ofDays(62);

    /** One post on the calendar. */
    record Entry(
            long draftId,
            String owner,
            String ownerName,
            String when,
            String title,
            String excerpt,
            List<NetworkStatus> networks,
            boolean pending) {}

    record NetworkStatus(String network, String state, String url, String error) {}

    @GetMapping("/calendar")
    String page(@RequestParam(required = false) String school, Authentication auth, Model model, Locale locale) {
        callers.require(auth);
        model.addAttribute("entries", entries(school, locale));
        model.addAttribute("school", school);
        model.addAttribute(
                "schools",
                config.get().schools().stream()
                        .map(s -> Map.of("id", s.id(), "name", s.name()))
                        .toList());
        return "web/calendar";
    }

    @GetMapping("/api/calendar")
    @ResponseBody
    List<Entry> api(@RequestParam(required = false) String school, Authentication auth, Locale locale) {
        callers.require(auth);
        return entries(school, locale);
    }

    @PostMapping("/calendar/{id}/reschedule")
    String reschedule(
            @PathVariable long id,
            @RequestParam String date,
            @RequestParam(required = false) String time,
            Authentication auth,
            Locale locale,
            RedirectAttributes redirect) {
        Caller caller = callers.require(auth);
        PublishingService.Result r;
        try {
            LocalTime at = time == null || time.isBlank() ? null : LocalTime.parse(time.strip());
            r = publishing.reschedule(caller, id, LocalDate.parse(date), at);
        } catch (RuntimeException e) {
            Notices.flash(redirect, false, messages.getMessage("publishing.answer.bad-date", null, locale));
            return "redirect:/calendar";
        }
        return answer(r, "publishing.answer.rescheduled", locale, redirect);
    }

    @PostMapping("/calendar/{id}/cancel")
    String cancel(@PathVariable long id, Authentication auth, Locale locale, RedirectAttributes redirect) {
        return answer(publishing.cancel(callers.require(auth), id), "publishing.answer.cancelled", locale, redirect);
    }

    private String answer(PublishingService.Result r, String done, Locale locale, RedirectAttributes redirect) {
        String key = switch (r) {
            case DONE -> done;
            case NOT_ALLOWED -> "publishing.answer.not-allowed";
            case NOT_FOUND -> "publishing.answer.not-found";
            case IN_THE_PAST -> "publishing.answer.in-the-past";
            default -> "publishing.answer.nothing-to-do";
        };
        Notices.flash(redirect, r == PublishingService.Result.DONE, messages.getMessage(key, null, locale));
        return "redirect:/calendar";
    }

    private List<Entry> entries(String school, Locale locale) {
        Instant now = clock.instant();
        StaffroomConfig c = config.get();
        Map<Long, List<Publication>> byDraft = new LinkedHashMap<>();
        for (Publication p : publishing.between(
                now.minus(BACK), now.plus(AHEAD), school == null || school.isBlank() ? null : school)) {
            byDraft.computeIfAbsent(p.draftId(), k -> new ArrayList<>()).add(p);
        }
        List<Entry> out = new ArrayList<>();
        for (var e : byDraft.entrySet()) {
            Publication first = e.getValue().get(0);
            PostsToPublish.Post post = posts.find(e.getKey()).orElse(null);
            if (post == null) continue; // purged
            ZoneId zone = c.school(post.schoolId()).map(School::zone).orElse(ZoneId.of("Europe/London"));
            Instant at = first.publishedAt() != null ? first.publishedAt() : first.dueAt();
            String ownerName = "trust".equals(first.owner())
                    ? c.trust().name()
                    : c.school(first.owner()).map(School::name).orElse(first.owner());
            String text = post.pulled() ? "" : post.text();
            out.add(new Entry(
                    e.getKey(),
                    first.owner(),
                    ownerName,
                    DateTimeFormatter.ofPattern("EEE d MMM yyyy, HH:mm", locale).format(at.atZone(zone)),
                    post.title(),
                    text.length() > 140 ? text.substring(0, 139) + "…" : text,
                    e.getValue().stream()
                            .map(p -> new NetworkStatus(p.network(), p.state().name(), p.remoteUrl(), p.lastError()))
                            .toList(),
                    e.getValue().stream().anyMatch(p -> p.state().pending() && p.claimedBy() == null)));
        }
        return out;
    }
}
