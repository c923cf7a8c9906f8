package org.staffroom.web;

import java.util.Locale;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.staffroom.qotd.QotdDashboard;

/** Today: the question of the day across schools, the answers and participation; any staff member may suggest a question. */
@Controller
record TodayController(QotdDashboard qotd, WebCallers callers) {

    @GetMapping("/today")
    String today(Model model, Locale locale) {
        model.addAttribute("today", qotd.today(locale));
        return "web/today";
    }

    @PostMapping("/today/suggest")
    String suggest(
            @RequestParam(defaultValue = "") String text,
            @RequestParam(defaultValue = "") String category,
            Authentication auth,
            Locale locale,
            RedirectAttributes redirect) {
        QotdDashboard.Result r = qotd.suggest(callers.require(auth), text, category, locale);
        Notices.flash(redirect, r.ok(), r.message());
        if (!r.ok()) redirect.addFlashAttribute("suggestText", text);
        return "redirect:/today#suggest";
    }

    @GetMapping("/api/today")
    @ResponseBody
    QotdDashboard.Today api(Locale locale) {
        return qotd.today(locale);
    }
}
