package org.staffroom.drafts;

import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.staffroom.config.School;
import org.staffroom.config.TrustConfig;

/**
 * The query the wall and the feeds are built on: approved (or published) posts, newest first,
 * excluding any pulled because media consent was withdrawn and any purged. A pulled post
 * disappears from here the moment it is pulled.
 */
@Service
public class PublicPosts {

    public static final int MAX_LIMIT = 200;

    private final DraftStore store;
    private final ImageStore images;
    private final TrustConfig config;

    PublicPosts(DraftStore store, ImageStore images, TrustConfig config) {
        this.store = store;
        this.images = images;
        this.config = config;
    }

    /** The newest public posts of the whole trust. */
    @Transactional(readOnly = true)
    public List<PublicPost> latest(int limit) {
        return store.publicDrafts(null, clamp(limit)).stream()
                .map(this::toPost)
                .flatMap(Optional::stream)
                .toList();
    }

    /** The newest public posts of one school (its page and its posts for the trust account). */
    @Transactional(readOnly = true)
    public List<PublicPost> latest(String schoolId, int limit) {
        return store.publicDrafts(schoolId, clamp(limit)).stream()
                .map(this::toPost)
                .flatMap(Optional::stream)
                .toList();
    }

    /** One public post, if it is public. */
    @Transactional(readOnly = true)
    public Optional<PublicPost> find(long id) {
        return store.draft(id)
                .filter(d -> d.state().approved() && d.pulledAt() == null && !d.purged())
                .flatMap(this::toPost);
    }

    private Optional<PublicPost> toPost(DraftStore.DraftRow d) {
        return store.revision(d.id(), d.revision())
                .map(rev -> new PublicPost(
                        d.id(),
                        d.schoolId(),
                        config.get().school(d.schoolId()).map(School::name).orElse(d.schoolId()),
                        d.target().name().toLowerCase(),
                        rev.category(),
                        rev.text(),
                        rev.networks(),
                        store.images(rev.imageIds()).stream()
                                .map(i -> new PublicPost.Photo(
                                        images.publicUrl(i), ImageStore.path(i), i.mimeType(), i.width(), i.height()))
                                .toList(),
                        rev.wantedDate(),
                        d.approvedAt(),
                        d.publishedAt(),
                        d.publishedUrl()));
    }

    private static int clamp(int limit) {
        return Math.max(1, Math.min(MAX_LIMIT, limit));
    }
}
