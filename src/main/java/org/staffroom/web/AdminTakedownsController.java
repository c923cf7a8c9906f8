package org.staffroom.web;

import java.util.List;
import java.util.Locale;
import org.springframework.context.MessageSource;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.staffroom.publishing.Publication;
import org.staffroom.publishing.PublishingService;

/**
 * Admins' open items: posts that had to come down (consent withdrawn) from a network that could
 * not or would not delete them, with who must act and the post's link, until someone marks each
 * done (here, or with the Taken down button in chat).
 */
@Controller
record AdminTakedownsController(PublishingService publishing, WebCallers callers, MessageSource messages) {

    @GetMapping("/admin/takedowns")
    String page(Authentication auth, Model model) {
        callers.require(auth);
        List<Publication> open = publishing.openTakedowns();
        model.addAttribute("open", open);
        return "web/takedowns";
    }

    @PostMapping("/admin/takedowns/{id}/done")
    String done(@PathVariable long id, Authentication auth, Locale locale, RedirectAttributes redirect) {
        PublishingService.Result r = publishing.markTakenDown(callers.require(auth), id);
        Notices.flash(
                redirect,
                r == PublishingService.Result.DONE,
                messages.getMessage(
                        r == PublishingService.Result.DONE
                                ? "publishing.answer.taken-down"
                                : "publishing.answer.nothing-to-do",
                        null,
                        locale));
        return "redirect:/admin/takedowns";
    }
}
