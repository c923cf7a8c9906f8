package org.staffroom.web;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.staffroom.chat.Texts;
import org.staffroom.config.Person;
import org.staffroom.directory.Directory;

/**
 * Admins end a person's sessions everywhere — a lost phone, someone leaving before people.yml is
 * edited — and see who did so. Removing someone from people.yml ends their sessions by itself.
 */
@Controller
class AdminPeopleController {

    private final Directory directory;
    private final SignOuts signOuts;
    private final LiveRoles roles;
    private final Texts texts;
    private final Clock clock;
    private final Duration lifetime;

    AdminPeopleController(
            Directory directory, SignOuts signOuts, LiveRoles roles, Texts texts, Clock clock, WebProperties web) {
        this.directory = directory;
        this.signOuts = signOuts;
        this.roles = roles;
        this.texts = texts;
        this.clock = clock;
        this.lifetime = web.sessionLifetime();
    }

    /** A row of the page: someone who may hold a session. */
    record Row(String key, String name, String school, boolean listed, java.time.Instant lastSignIn) {}

    @GetMapping("/admin/people")
    String page(Model model) {
        model.addAttribute("people", rows());
        model.addAttribute("audit", signOuts.recentAudit(50));
        return "web/people";
    }

    @PostMapping("/admin/people/sign-out")
    String signOut(
            @RequestParam(defaultValue = "") String person,
            Authentication auth,
            Locale locale,
            RedirectAttributes redirect) {
        Row row =
                rows().stream().filter(r -> r.key().equals(person)).findFirst().orElse(null);
        if (row == null) {
            Notices.flash(redirect, false, texts.get(locale, "web.people.unknown"));
            return "redirect:/admin/people";
        }
        StaffUser admin = roles.user(auth).orElseThrow();
        signOuts.signOutEverywhere(row.key(), row.name(), admin);
        Notices.flash(redirect, true, texts.get(locale, "web.people.signed-out", row.name()));
        return "redirect:/admin/people";
    }

    /** Everyone in people.yml, then anyone else who signed in within a session's lifetime. */
    private List<Row> rows() {
        Map<String, Row> rows = new LinkedHashMap<>();
        Map<String, SignOuts.RecentSignIn> recent = new LinkedHashMap<>();
        for (SignOuts.RecentSignIn r : signOuts.recentSignIns(clock.instant().minus(lifetime)))
            recent.put(r.personKey(), r);
        for (Person p : directory.config().people()) {
            String school = p.schoolId() == null
                    ? ""
                    : directory.school(p.schoolId()).map(s -> s.name()).orElse(p.schoolId());
            SignOuts.RecentSignIn r = recent.get(p.id());
            rows.put(p.id(), new Row(p.id(), p.name(), school, true, r == null ? null : r.at()));
        }
        recent.values().stream()
                .filter(r -> !rows.containsKey(r.personKey()))
                .forEach(r -> rows.put(r.personKey(), new Row(r.personKey(), r.name(), "", false, r.at())));
        return List.copyOf(rows.values());
    }
}
