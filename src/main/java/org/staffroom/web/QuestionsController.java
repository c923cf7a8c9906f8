package org.staffroom.web;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.staffroom.chat.Texts;
import org.staffroom.directory.Caller;
import org.staffroom.qotd.QotdDashboard;

/**
 * Questions (coordinators): the bank by category with what has been used this cycle, adding,
 * retiring and pinning questions, the suggestions waiting for a decision, the coming dates and
 * answer streaks. Every change goes through the same services as {@code /qotd}.
 */
@Controller
record QuestionsController(QotdDashboard qotd, WebCallers callers, Texts texts) {

    static final int STREAKS = 10;

    @GetMapping("/questions")
    String page(@RequestParam(required = false) String category, Authentication auth, Model model, Locale locale) {
        Caller caller = callers.require(auth);
        QotdDashboard.Bank bank = qotd.bank();
        String chosen = category != null && bank.categories().contains(category) ? category : null;
        model.addAttribute("bank", bank);
        model.addAttribute("category", chosen);
        model.addAttribute(
                "questions",
                bank.questions().stream()
                        .filter(q -> chosen == null || q.category().equals(chosen))
                        .toList());
        model.addAttribute("suggestions", qotd.pendingSuggestions(caller));
        model.addAttribute("upcoming", qotd.upcoming(locale));
        model.addAttribute("streaks", qotd.streaks(STREAKS));
        return "web/questions";
    }

    @PostMapping("/questions/add")
    String add(
            @RequestParam(defaultValue = "") String text,
            @RequestParam(defaultValue = "") String category,
            Authentication auth,
            Locale locale,
            RedirectAttributes redirect) {
        QotdDashboard.Result r = qotd.add(callers.require(auth), text, category, locale);
        Notices.flash(redirect, r.ok(), r.message());
        if (!r.ok()) {
            redirect.addFlashAttribute("addText", text);
            redirect.addFlashAttribute("addCategory", category);
        }
        return "redirect:/questions#add";
    }

    /**
     * Retiring is not undone from the web, so the button first shows what it will do and asks again
     * (a second POST with {@code confirm=yes}; no script needed).
     */
    @PostMapping("/questions/{id}/retire")
    String retire(
            @PathVariable String id,
            @RequestParam(required = false) String confirm,
            Authentication auth,
            Locale locale,
            Model model,
            RedirectAttributes redirect) {
        if (!"yes".equals(confirm)) {
            String text = qotd.bank().questions().stream()
                    .filter(q -> q.id().equals(id))
                    .map(q -> q.text())
                    .findFirst()
                    .orElse("");
            return Confirmations.ask(
                    model,
                    "questions",
                    texts.get(locale, "web.questions.confirm-retire", id, text),
                    texts.get(locale, "web.questions.confirm-retire.detail"),
                    texts.get(locale, "web.questions.retire"),
                    "/questions/" + id + "/retire",
                    "/questions#bank");
        }
        QotdDashboard.Result r = qotd.retire(callers.require(auth), id, locale);
        Notices.flash(redirect, r.ok(), r.message());
        return "redirect:/questions#bank";
    }

    @PostMapping("/questions/{id}/pin")
    String pin(
            @PathVariable String id,
            @RequestParam(defaultValue = "") String date,
            Authentication auth,
            Locale locale,
            RedirectAttributes redirect) {
        QotdDashboard.Result r = qotd.pin(callers.require(auth), id, date, locale);
        Notices.flash(redirect, r.ok(), r.message());
        return "redirect:/questions#bank";
    }

    @PostMapping("/questions/suggestions/{id}")
    String decide(
            @PathVariable long id,
            @RequestParam String decision,
            Authentication auth,
            Locale locale,
            RedirectAttributes redirect) {
        QotdDashboard.Result r = qotd.decide(callers.require(auth), id, "approve".equals(decision), locale);
        Notices.flash(redirect, r.ok(), r.message());
        return "redirect:/questions#suggestions";
    }

    @GetMapping("/api/questions")
    @ResponseBody
    Map<String, Object> api(Authentication auth, Locale locale) {
        Caller caller = callers.require(auth);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("bank", qotd.bank());
        out.put("suggestions", qotd.pendingSuggestions(caller));
        out.put("upcoming", qotd.upcoming(locale));
        out.put("streaks", qotd.streaks(STREAKS));
        return out;
    }
}
