package org.staffroom.web;

import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.staffroom.chat.Texts;
import org.staffroom.config.School;
import org.staffroom.drafts.PublicPost;

/**
 * The public wall of approved posts across the trust's schools (newest first; by school,
 * category or hashtag), one post's page, the variant a school's website can frame, and the JSON
 * and RSS feeds, per school with {@code ?school=}. Every response says {@code no-store}: a post
 * pulled for withdrawn consent must not live on in a cache. The feeds are public, read-only data
 * that a school's website may fetch from its own pages (any origin may read them).
 */
@Controller
record WallController(Wall wall, Texts texts, Clock clock) {

    static final int FEED_ITEMS = 50;
    static final int EMBED_ITEMS = 12;

    @GetMapping("/wall")
    String wall(
            @RequestParam(required = false) String school,
            @RequestParam(required = false) String category,
            @RequestParam(required = false) String tag,
            Model model,
            HttpServletResponse response) {
        noStore(response);
        Wall.Filter f = Wall.Filter.of(school, category, tag);
        model.addAttribute("filter", f);
        model.addAttribute("filtered", f.any());
        model.addAttribute("school", wall.school(f).orElse(null));
        model.addAttribute("posts", wall.posts(f, Wall.LIMIT));
        model.addAttribute("schools", wall.schools());
        model.addAttribute("categories", wall.categories());
        model.addAttribute("trustName", wall.trustName());
        model.addAttribute("feedQuery", f.school() == null ? "" : "?school=" + f.school());
        return "web/wall";
    }

    @GetMapping("/wall/embed")
    String embed(
            @RequestParam(required = false) String school,
            @RequestParam(required = false) String category,
            @RequestParam(required = false) String tag,
            Model model,
            HttpServletResponse response) {
        noStore(response);
        Wall.Filter f = Wall.Filter.of(school, category, tag);
        model.addAttribute("school", wall.school(f).orElse(null));
        model.addAttribute("posts", wall.posts(f, EMBED_ITEMS));
        model.addAttribute("trustName", wall.trustName());
        model.addAttribute("wallLink", "/wall" + (f.school() == null ? "" : "?school=" + f.school()));
        return "web/wall-embed";
    }

    @GetMapping("/wall/{id:\\d+}")
    String post(@PathVariable long id, Model model, HttpServletResponse response) {
        noStore(response);
        PublicPost p = wall.find(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        model.addAttribute("p", p);
        model.addAttribute("trustName", wall.trustName());
        return "web/wall-post";
    }

    @GetMapping("/feed.json")
    ResponseEntity<Map<String, Object>> json(@RequestParam(required = false) String school) {
        Wall.Filter f = Wall.Filter.of(school, null, null);
        List<PublicPost> posts = wall.posts(f, FEED_ITEMS);
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType("application/feed+json;charset=UTF-8"))
                .cacheControl(CacheControl.noStore())
                .header(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "*")
                .body(Feeds.json(channel(f), posts, labels()));
    }

    @GetMapping("/feed.rss")
    ResponseEntity<String> rss(@RequestParam(required = false) String school) {
        Wall.Filter f = Wall.Filter.of(school, null, null);
        List<PublicPost> posts = wall.posts(f, FEED_ITEMS);
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType("application/rss+xml;charset=UTF-8"))
                .cacheControl(CacheControl.noStore())
                .header(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "*")
                .body(Feeds.rss(channel(f), posts, labels(), clock.instant()));
    }

    @ExceptionHandler(Wall.UnknownSchool.class)
    ResponseEntity<String> unknownSchool() {
        return ResponseEntity.status(HttpStatus.NOT_FOUND)
                .contentType(MediaType.TEXT_PLAIN)
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .body(texts.get(wall.trustLocale(), "web.wall.unknown-school"));
    }

    private Feeds.Channel channel(Wall.Filter f) {
        Locale l = wall.trustLocale();
        Optional<School> school = wall.school(f);
        String base = wall.baseUrl();
        // School ids are config ids (lower case letters, digits and '-'): safe in a query as they are.
        String query = school.map(s -> "?school=" + s.id()).orElse("");
        String title = school.map(s -> texts.get(l, "web.feed.title.school", s.name(), wall.trustName()))
                .orElse(texts.get(l, "web.feed.title", wall.trustName()));
        String description = school.map(s -> texts.get(l, "web.feed.description.school", s.name()))
                .orElse(texts.get(l, "web.feed.description", wall.trustName()));
        return new Feeds.Channel(
                title,
                description,
                l.toLanguageTag(),
                base + "/wall" + query,
                base + "/feed.json" + query,
                base + "/feed.rss" + query,
                base,
                wall.trustName());
    }

    private Feeds.Labels labels() {
        Locale l = wall.trustLocale();
        return new Feeds.Labels() {
            @Override
            public String category(PublicPost p) {
                return texts.get(l, "web.category." + p.category().id());
            }

            @Override
            public String title(PublicPost p) {
                return texts.get(l, "web.feed.item-title", p.schoolName(), category(p));
            }
        };
    }

    private static void noStore(HttpServletResponse response) {
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
    }
}
