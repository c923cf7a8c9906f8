package org.staffroom.web;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;
import org.staffroom.config.School;
import org.staffroom.config.TrustConfig;
import org.staffroom.drafts.Category;
import org.staffroom.drafts.PublicPost;
import org.staffroom.drafts.PublicPosts;

/**
 * The posts the wall, its feeds and display screens show, read from {@link PublicPosts} on every
 * request (approved, not pulled, not purged; nothing is cached here, so a post pulled for
 * withdrawn consent is gone from the next request on), filtered by school, category or hashtag.
 */
@Component
class Wall {

    static final int LIMIT = 100;
    private static final Pattern TAG = Pattern.compile("(?<![\\p{L}\\p{N}_/&#])#(\\p{L}[\\p{L}\\p{M}\\p{N}_]{0,63})");

    private final PublicPosts posts;
    private final TrustConfig config;

    Wall(PublicPosts posts, TrustConfig config) {
        this.posts = posts;
        this.config = config;
    }

    /** What to show: {@code school} a school id, {@code category} a category id, {@code tag} a hashtag with or without '#'. */
    record Filter(String school, String category, String tag) {

        static Filter of(String school, String category, String tag) {
            return new Filter(
                    blank(school),
                    blank(category),
                    blank(tag) == null ? null : tag.strip().replaceFirst("^#", ""));
        }

        boolean any() {
            return school != null || category != null || tag != null;
        }

        private static String blank(String s) {
            return s == null || s.isBlank() ? null : s.strip();
        }
    }

    /** The filter's school, if it names one that exists; empty for none. Throws for an unknown one. */
    Optional<School> school(Filter f) {
        if (f.school() == null) return Optional.empty();
        return Optional.of(config.get().school(f.school()).orElseThrow(UnknownSchool::new));
    }

    List<PublicPost> posts(Filter f, int limit) {
        Optional<School> school = school(f);
        List<PublicPost> all = school.isPresent() ? posts.latest(school.get().id(), LIMIT) : posts.latest(LIMIT);
        List<PublicPost> out = new ArrayList<>();
        for (PublicPost p : all) {
            if (f.category() != null && !p.category().id().equals(f.category())) continue;
            if (f.tag() != null && tags(p.text()).stream().noneMatch(t -> t.equalsIgnoreCase(f.tag()))) continue;
            out.add(p);
            if (out.size() >= limit) break;
        }
        return out;
    }

    Optional<PublicPost> find(long id) {
        return posts.find(id);
    }

    List<School> schools() {
        return config.get().schools();
    }

    List<Category> categories() {
        return List.of(Category.values());
    }

    String trustName() {
        return config.get().trust().name();
    }

    Locale trustLocale() {
        return config.get().trust().locale();
    }

    /** The web root as trust.yml gives it, without a trailing slash (feeds need absolute addresses). */
    String baseUrl() {
        String b = config.baseUrl();
        return b.endsWith("/") ? b.substring(0, b.length() - 1) : b;
    }

    /** A piece of a post's text: plain, or a hashtag ({@code tag} without '#') the wall can filter by. */
    record Segment(String text, String tag) {}

    /** A post's text cut into plain pieces and hashtags, for linking each tag to the wall filtered by it. */
    static List<Segment> segments(String text) {
        List<Segment> out = new ArrayList<>();
        if (text == null) return out;
        Matcher m = TAG.matcher(text);
        int at = 0;
        while (m.find()) {
            if (m.start() > at) out.add(new Segment(text.substring(at, m.start()), null));
            out.add(new Segment(m.group(), m.group(1)));
            at = m.end();
        }
        if (at < text.length()) out.add(new Segment(text.substring(at), null));
        return out;
    }

    /** Hashtags in a post's text, without '#', in order, without repeats. */
    static List<String> tags(String text) {
        Set<String> out = new LinkedHashSet<>();
        if (text == null) return List.of();
        Matcher m = TAG.matcher(text);
        while (m.find()) out.add(m.group(1));
        return List.copyOf(out);
    }

    /** A {@code ?school=} that names no school. */
    static final class UnknownSchool extends RuntimeException {
        UnknownSchool() {
            super("unknown school", null, false, false);
        }
    }
}
