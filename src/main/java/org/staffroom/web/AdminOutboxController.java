package org.staffroom.web;

import java.time.Clock;
import java.util.Locale;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.staffroom.chat.Texts;
import org.staffroom.outbox.DeadLetterStore;

/**
 * Admins see what Staffroom gave up sending (chat posts, webhook events): the outboxes' dead
 * letters, with what each was for, how often it was tried and the last error, and can send one
 * again once its cause is fixed. Admin-only, as is all of {@code /admin/**}; a retry is audited.
 */
@Controller
record AdminOutboxController(DeadLetterStore deadLetters, SignOuts audit, LiveRoles roles, Texts texts, Clock clock) {

    /** Rows listed per outbox table: enough to see a pattern, small enough for one page. */
    static final int SHOWN = 50;

    @GetMapping("/admin/outbox")
    String page(Model model) {
        model.addAttribute("counts", deadLetters.counts());
        model.addAttribute("letters", deadLetters.recent(SHOWN));
        return "web/outbox";
    }

    /** Back to the queue with its attempts reset: the sender picks it up on its next pass. */
    @PostMapping("/admin/outbox/retry")
    String retry(
            @RequestParam(defaultValue = "") String table,
            @RequestParam(defaultValue = "0") long id,
            Authentication auth,
            Locale locale,
            RedirectAttributes redirect) {
        if (!deadLetters.retry(table, id, clock.instant())) {
            Notices.flash(redirect, false, texts.get(locale, "web.outbox.retry-gone"));
            return "redirect:/admin/outbox";
        }
        audit.audit(roles.user(auth).orElseThrow(), "retried-dead-letter", table + " #" + id);
        Notices.flash(redirect, true, texts.get(locale, "web.outbox.retried", table, String.valueOf(id)));
        return "redirect:/admin/outbox";
    }
}
