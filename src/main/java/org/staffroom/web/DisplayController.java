package org.staffroom.web;

import jakarta.servlet.http.HttpServletResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.staffroom.chat.Texts;
import org.staffroom.config.School;
import org.staffroom.drafts.PublicPost;

/**
 * Display mode for a staffroom or reception TV: the wall full screen in large type, one post at a
 * time, opened by an admin's display link. The page asks for the posts again every half minute
 * ({@code posts.json}), so a pulled post leaves the screen and a revoked link blanks it with a
 * message; without script it reloads every few minutes instead.
 */
@Controller
record DisplayController(DisplayLinks links, Wall wall, Texts texts) {

    static final int POSTS = 30;
    /** Longer posts are cut for the screen: large type across a room fits about this much. */
    static final int SCREEN_TEXT = 320;

    @GetMapping("/display/{token}")
    String display(@PathVariable String token, Model model, HttpServletResponse response) {
        response.setHeader("Cache-Control", "no-store");
        DisplayLinks.Opened opened = links.open(token);
        if (!opened.ok()) {
            response.setStatus(opened.revoked() ? HttpStatus.GONE.value() : HttpStatus.NOT_FOUND.value());
            model.addAttribute("revoked", opened.revoked());
            return "web/display-refused";
        }
        String schoolId = opened.display().schoolId();
        model.addAttribute(
                "title",
                wall.schools().stream()
                        .filter(s -> s.id().equals(schoolId))
                        .map(School::name)
                        .findFirst()
                        .orElse(wall.trustName()));
        model.addAttribute(
                "slides",
                postsFor(schoolId).stream()
                        .map(p -> slide(p, LocaleContextHolder.getLocale()))
                        .toList());
        model.addAttribute("token", token);
        return "web/display";
    }

    @GetMapping("/display/{token}/posts.json")
    ResponseEntity<Map<String, Object>> posts(@PathVariable String token, Locale locale) {
        DisplayLinks.Opened opened = links.open(token);
        Map<String, Object> out = new LinkedHashMap<>();
        if (!opened.ok()) {
            out.put("revoked", opened.revoked());
            out.put("message", texts.get(locale, opened.revoked() ? "web.display.revoked" : "web.display.unknown"));
            return ResponseEntity.status(opened.revoked() ? HttpStatus.GONE : HttpStatus.NOT_FOUND)
                    .cacheControl(CacheControl.noStore())
                    .body(out);
        }
        out.put("revoked", false);
        out.put(
                "posts",
                postsFor(opened.display().schoolId()).stream()
                        .map(p -> slide(p, locale))
                        .toList());
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(out);
    }

    /** One post as the screen shows it: school, category in words, text cut to fit, and its photos. */
    record Slide(long id, String school, String category, String text, List<String> photos) {}

    private Slide slide(PublicPost p, Locale locale) {
        String text = p.text() == null ? "" : p.text();
        if (text.length() > SCREEN_TEXT)
            text = text.substring(0, SCREEN_TEXT - 1).stripTrailing() + "…";
        return new Slide(
                p.id(),
                p.schoolName(),
                texts.get(locale, "web.category." + p.category().id()),
                text,
                p.photos().stream().map(PublicPost.Photo::path).toList());
    }

    private List<PublicPost> postsFor(String schoolId) {
        // A display made for a school that has since left the config shows the whole trust rather than failing.
        boolean known = schoolId != null && wall.schools().stream().anyMatch(s -> s.id().equals(schoolId));
        return wall.posts(Wall.Filter.of(known ? schoolId : null, null, null), POSTS);
    }
}
