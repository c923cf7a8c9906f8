package org.staffroom.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.staffroom.approvals.ReviewQueue;
import org.staffroom.directory.Caller;
import org.staffroom.drafts.DraftsDashboard;

/**
 * The approvers' queue: drafts waiting for this person's decision, each with its preview and
 * findings, and approve / request changes / reject with a reason, decided through the same
 * service as the card's buttons (audited the same way; the card is edited and the author told).
 * Below, the recent history of the drafts they approve for.
 */
@Controller
record ReviewsController(ReviewQueue queue, DraftsDashboard drafts, WebCallers callers) {

    static final int HISTORY = 30;

    /** A review waiting for the person, with the draft it is about (null if it is not a draft they may see). */
    record Item(ReviewQueue.Waiting review, DraftsDashboard.Detail draft) {}

    @GetMapping("/reviews")
    String page(Authentication auth, Model model, Locale locale) {
        Caller caller = callers.require(auth);
        model.addAttribute("items", items(caller, locale));
        model.addAttribute("history", drafts.history(caller, locale, HISTORY));
        return "web/reviews";
    }

    @PostMapping("/reviews/{reviewId}/{round}")
    String decide(
            @PathVariable long reviewId,
            @PathVariable int round,
            @RequestParam String action,
            @RequestParam(defaultValue = "") String reason,
            Authentication auth,
            Locale locale,
            RedirectAttributes redirect) {
        ReviewQueue.Action chosen = switch (action) {
            case "approve" -> ReviewQueue.Action.APPROVE;
            case "reject" -> ReviewQueue.Action.REJECT;
            case "changes" -> ReviewQueue.Action.CHANGES;
            default ->
                throw new org.springframework.web.server.ResponseStatusException(
                        org.springframework.http.HttpStatus.BAD_REQUEST);
        };
        ReviewQueue.Outcome o = queue.decide(reviewId, round, callers.require(auth), chosen, reason, locale);
        Notices.flash(redirect, o.counted(), o.notice());
        if (!o.counted()) {
            redirect.addFlashAttribute("reasonFor", reviewId);
            redirect.addFlashAttribute("reasonText", reason);
        }
        return "redirect:/reviews#review-" + reviewId;
    }

    @GetMapping("/api/reviews")
    @ResponseBody
    Map<String, Object> api(Authentication auth, Locale locale) {
        Caller caller = callers.require(auth);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("waiting", items(caller, locale));
        out.put("history", drafts.history(caller, locale, HISTORY));
        return out;
    }

    private List<Item> items(Caller caller, Locale locale) {
        List<Item> out = new ArrayList<>();
        for (ReviewQueue.Waiting w : queue.waitingFor(caller, locale)) {
            Optional<DraftsDashboard.Detail> d = Optional.empty();
            if ("draft".equals(w.subjectKind())) {
                try {
                    d = drafts.detail(caller, Long.parseLong(w.subjectId()), locale);
                } catch (NumberFormatException e) {
                    d = Optional.empty();
                }
            }
            out.add(new Item(w, d.orElse(null)));
        }
        return out;
    }
}
