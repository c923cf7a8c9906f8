package org.staffroom.web;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.staffroom.chat.InboundEvents;

/**
 * Admins see the inbound events a feature failed to handle: which, how often it was tried, the
 * error, and whether the inbox will try again. A failure is never only a log line. Under
 * {@code /admin/}, so admin-only by {@link WebSecurity}.
 */
@Controller
record AdminInboxController(InboundEvents inbound) {

    static final int SHOWN = 100;

    @GetMapping("/admin/inbox")
    String page(Model model) {
        model.addAttribute("failures", inbound.failures(SHOWN));
        return "web/inbox";
    }
}
