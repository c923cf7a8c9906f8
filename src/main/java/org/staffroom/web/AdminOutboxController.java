package org.staffroom.web;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.staffroom.outbox.DeadLetters;

/**
 * Admins see what Staffroom gave up sending (chat posts, webhook events): the outboxes' dead
 * letters, with what each was for, how often it was tried and the last error. Admin-only, as is all
 * of {@code /admin/**}.
 */
@Controller
class AdminOutboxController {

    /** Rows listed per outbox table: enough to see a pattern, small enough for one page. */
    static final int SHOWN = 50;

    private final DeadLetters deadLetters;

    AdminOutboxController(DeadLetters deadLetters) {
        this.deadLetters = deadLetters;
    }

    @GetMapping("/admin/outbox")
    String page(Model model) {
        model.addAttribute("counts", deadLetters.counts());
        model.addAttribute("letters", deadLetters.recent(SHOWN));
        return "web/outbox";
    }
}
