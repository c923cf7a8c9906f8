package org.staffroom.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.ResponseBody;
import org.staffroom.config.ConfigProblem;
import org.staffroom.config.Person;
import org.staffroom.config.Role;
import org.staffroom.config.StaffroomConfig;
import org.staffroom.config.TrustConfig;

/** The dashboard's home and the configuration page (admins). */
@Controller
record DashboardController(
        TrustConfig config,
        LiveRoles roles,
        WebCallers callers,
        org.staffroom.approvals.ReviewQueue reviews,
        org.staffroom.qotd.QotdDashboard qotd) {

    /** Home: the sections this person may open, with how many things wait for them there. */
    @GetMapping("/")
    String home(Authentication auth, Model model, java.util.Locale locale) {
        var caller = callers.require(auth);
        int toReview =
                roles.isApprover(auth) ? reviews.waitingFor(caller, locale).size() : 0;
        int suggestions = roles.has(auth, Role.COORDINATOR)
                ? qotd.pendingSuggestions(caller).size()
                : 0;
        model.addAttribute("toReview", toReview);
        model.addAttribute("suggestions", suggestions);
        return "web/home";
    }

    @GetMapping("/config")
    String configPage(Model model) {
        model.addAttribute("config", config.get());
        model.addAttribute("dir", config.directoryLabel());
        model.addAttribute("refused", config.lastRefused().orElse(null));
        return "web/config";
    }

    /** The configuration in force and its validation state, for integrations. */
    @GetMapping("/api/config")
    @ResponseBody
    Map<String, Object> configApi() {
        StaffroomConfig c = config.get();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("directory", config.directoryLabel());
        out.put("trust", c.trust());
        out.put("spaces", c.spaces());
        out.put("schools", c.schools());
        out.put(
                "people",
                c.people().stream()
                        .map(p -> Map.of(
                                "id",
                                p.id(),
                                "name",
                                p.name(),
                                "school",
                                p.schoolId() == null ? "" : p.schoolId(),
                                "roles",
                                p.roles().stream().map(Object::toString).toList()))
                        .toList());
        out.put("questions", c.questions().size());
        out.put("chats", c.chats());
        out.put("approvals", c.approvals());
        out.put(
                "lastRefusedEdit",
                config.lastRefused()
                        .map(r -> Map.of(
                                "at",
                                r.at().toString(),
                                "problems",
                                r.problems().stream()
                                        .map(ConfigProblem::toString)
                                        .toList()))
                        .orElse(null));
        return out;
    }

    /** What every page's header needs: who is signed in and which sections they may open. */
    @ControllerAdvice(basePackageClasses = DashboardController.class)
    static class Header {
        private final LiveRoles roles;
        private final TrustConfig config;
        private final org.staffroom.chat.Texts texts;

        Header(LiveRoles roles, TrustConfig config, org.staffroom.chat.Texts texts) {
            this.roles = roles;
            this.config = config;
            this.texts = texts;
        }

        /** "Approver, Oakfield" rather than people.yml's "approver@oakfield". */
        private String label(org.staffroom.config.RoleGrant g, java.util.Locale locale) {
            String role = texts.get(locale, "web.role." + g.role().name().toLowerCase(java.util.Locale.ROOT));
            if (g.schoolId() == null) return texts.get(locale, "web.role.trust-wide", role);
            String school = config.get()
                    .school(g.schoolId())
                    .map(org.staffroom.config.School::shortName)
                    .orElse(g.schoolId());
            return texts.get(locale, "web.role.at-school", role, school);
        }

        @ModelAttribute("me")
        Map<String, Object> me(Authentication auth, java.util.Locale locale) {
            Map<String, Object> me = new LinkedHashMap<>();
            roles.user(auth).ifPresent(u -> {
                me.put("name", roles.person(auth).map(Person::name).orElse(u.name()));
                me.put("admin", roles.isAdmin(auth));
                me.put("coordinator", roles.has(auth, Role.COORDINATOR));
                me.put("approver", roles.isApprover(auth));
                me.put(
                        "roles",
                        roles.person(auth)
                                .map(p -> p.roles().stream()
                                        .map(g -> label(g, locale))
                                        .toList())
                                .orElse(List.of()));
            });
            return me;
        }
    }
}
