package org.staffroom.drafts;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * An approved post as the public may see it (the wall, JSON and RSS feeds): only what was
 * approved, with photo URLs that work without a token. Never a pulled or purged post.
 */
public record PublicPost(
        long id,
        String schoolId,
        String schoolName,
        String account,
        Category category,
        String text,
        List<String> networks,
        List<Photo> photos,
        LocalDate wantedDate,
        Instant approvedAt,
        Instant publishedAt,
        String publishedUrl) {

    public PublicPost {
        networks = List.copyOf(networks);
        photos = List.copyOf(photos);
    }

    /** {@code url} is absolute (trust.yml web.base-url); {@code path} is relative to the bot's web root. */
    public record Photo(String url, String path, String mimeType, int width, int height) {}
}
