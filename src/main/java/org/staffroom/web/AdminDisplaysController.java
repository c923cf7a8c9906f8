package org.staffroom.web;

import java.util.List;
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

/** Admins make display links for screens (the whole trust or one school) and revoke them. */
@Controller
record AdminDisplaysController(DisplayLinks links, Wall wall, LiveRoles roles, Texts texts) {

    static final int LABEL_LENGTH = 100;

    @GetMapping("/admin/displays")
    String page(Model model) {
        model.addAttribute("displays", links.all());
        model.addAttribute("schools", wall.schools());
        model.addAttribute(
                "schoolNames",
                wall.schools().stream()
                        .collect(java.util.stream.Collectors.toMap(
                                org.staffroom.config.School::id, org.staffroom.config.School::name)));
        return "web/displays";
    }

    @PostMapping("/admin/displays")
    String create(
            @RequestParam(defaultValue = "") String label,
            @RequestParam(defaultValue = "") String school,
            Authentication auth,
            java.util.Locale locale,
            RedirectAttributes redirect) {
        String clean = label.strip();
        String schoolId = school.isBlank() ? null : school.strip();
        if (clean.isEmpty() || clean.length() > LABEL_LENGTH) {
            Notices.flash(redirect, false, texts.get(locale, "web.displays.label-needed", LABEL_LENGTH));
            return "redirect:/admin/displays";
        }
        if (schoolId != null && wall.schools().stream().noneMatch(s -> s.id().equals(schoolId))) {
            Notices.flash(redirect, false, texts.get(locale, "web.displays.unknown-school"));
            return "redirect:/admin/displays";
        }
        String by = roles.person(auth).map(p -> p.name()).orElse("admin");
        DisplayLinks.Created c = links.create(clean, schoolId, by);
        redirect.addFlashAttribute("created", c.display());
        redirect.addFlashAttribute("createdLink", wall.baseUrl() + "/display/" + c.token());
        return "redirect:/admin/displays";
    }

    /** A revoked link cannot be brought back, so the button first asks again (a second POST with {@code confirm=yes}). */
    @PostMapping("/admin/displays/{id}/revoke")
    String revoke(
            @PathVariable long id,
            @RequestParam(required = false) String confirm,
            Authentication auth,
            java.util.Locale locale,
            Model model,
            RedirectAttributes redirect) {
        String by = roles.person(auth).map(p -> p.name()).orElse("admin");
        String label = links.find(id).map(DisplayLinks.Display::label).orElse("#" + id);
        if (!"yes".equals(confirm)) {
            return Confirmations.ask(
                    model,
                    "displays",
                    texts.get(locale, "web.displays.confirm-revoke", label),
                    texts.get(locale, "web.displays.confirm-revoke.detail"),
                    texts.get(locale, "web.displays.revoke"),
                    "/admin/displays/" + id + "/revoke",
                    "/admin/displays");
        }
        boolean done = links.revoke(id, by);
        Notices.flash(
                redirect, done, texts.get(locale, done ? "web.displays.revoked" : "web.displays.not-revoked", label));
        return "redirect:/admin/displays";
    }

    @GetMapping("/api/admin/displays")
    @ResponseBody
    List<DisplayLinks.Display> api() {
        return links.all();
    }
}
