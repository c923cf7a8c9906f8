package org.staffroom.web;

import org.springframework.ui.Model;

/**
 * The confirm step of a destructive action on the web (retiring a question, revoking a display
 * link): the first POST shows what will happen and a second button that POSTs again with
 * {@code confirm=yes}. Plain forms, so it works under a strict Content-Security-Policy with no script.
 */
final class Confirmations {

    private Confirmations() {}

    /** Fills the confirm page's model and returns its view name. */
    static String ask(
            Model model, String section, String title, String detail, String button, String action, String cancel) {
        model.addAttribute("confirmSection", section);
        model.addAttribute("confirmTitle", title);
        model.addAttribute("confirmDetail", detail);
        model.addAttribute("confirmButton", button);
        model.addAttribute("confirmAction", action);
        model.addAttribute("cancelUrl", cancel);
        return "web/confirm";
    }
}
