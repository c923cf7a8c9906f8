package org.staffroom.web;

import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The one-line result of a form, shown on the page the form sends back to (post/redirect/get). */
final class Notices {

    private Notices() {}

    static void flash(RedirectAttributes redirect, boolean ok, String message) {
        redirect.addFlashAttribute(ok ? "notice" : "problem", message);
    }
}
