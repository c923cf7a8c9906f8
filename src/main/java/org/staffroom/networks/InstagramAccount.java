package org.staffroom.networks;

import com.restfb.Facebook;
import com.restfb.FacebookClient;
import com.restfb.Parameter;
import com.restfb.exception.FacebookException;
import com.restfb.types.GraphResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Component;
import org.staffroom.config.spi.NetworkCeilings;
import org.staffroom.publishing.Connection;
import org.staffroom.publishing.NetworkException;
import org.staffroom.publishing.NetworkRules;
import org.staffroom.publishing.OutgoingPost;
import org.staffroom.publishing.Published;
import org.staffroom.publishing.SocialNetwork;
import org.staffroom.publishing.Takedown;

/**
 * An Instagram professional account through the Graph API's content publishing, with RestFB: a
 * media container per photo ({@code image_url} is Staffroom's own unguessable photo address, which
 * Instagram fetches), a carousel container for several, then {@code media_publish}. No idempotency
 * key: {@link #find} reads the account's recent media back and matches the caption. The API cannot
 * delete a post, so a takedown is always by hand, at the post's permalink.
 */
@Component
class InstagramAccount implements SocialNetwork {

    static final int MAX_CHARACTERS = 2_200;
    // Content publishing images: JPEG only, at most 8 MB, at least one per post
    // (https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-user/media).
    static final long MAX_IMAGE_BYTES = 8 * 1024 * 1024;
    static final NetworkCeilings.Ceiling CEILING = new NetworkCeilings.Ceiling(
            "instagram", "Instagram", MAX_CHARACTERS, 10, 1, MAX_IMAGE_BYTES, Set.of("image/jpeg"));

    /** The fields of an IG Media this adapter reads. */
    public static class Media {
        @Facebook
        String id;

        @Facebook
        String caption;

        @Facebook
        String permalink;

        @Facebook
        String timestamp;
    }

    @Override
    public String id() {
        return "instagram";
    }

    @Override
    public NetworkRules rules() {
        return PublishedLimits.rules(CEILING, s -> s.codePointCount(0, s.length()), false);
    }

    @Override
    public Published publish(Connection account, OutgoingPost post) throws NetworkException {
        FacebookClient client = GraphApi.client(account);
        String edge = account.account() + "/media";
        try {
            String container;
            if (post.photos().size() == 1) {
                OutgoingPost.Photo p = post.photos().get(0);
                container = client.publish(
                                edge,
                                GraphResponse.class,
                                Parameter.with("image_url", p.publicUrl()),
                                Parameter.with("caption", post.text()),
                                Parameter.with("alt_text", alt(p)))
                        .getId();
            } else {
                List<String> children = new ArrayList<>();
                for (OutgoingPost.Photo p : post.photos()) {
                    children.add(client.publish(
                                    edge,
                                    GraphResponse.class,
                                    Parameter.with("image_url", p.publicUrl()),
                                    Parameter.with("is_carousel_item", true),
                                    Parameter.with("alt_text", alt(p)))
                            .getId());
                }
                container = client.publish(
                                edge,
                                GraphResponse.class,
                                Parameter.with("media_type", "CAROUSEL"),
                                Parameter.with("children", String.join(",", children)),
                                Parameter.with("caption", post.text()))
                        .getId();
            }
            String id = client.publish(
                            account.account() + "/media_publish",
                            GraphResponse.class,
                            Parameter.with("creation_id", container))
                    .getId();
            Media m = client.fetchObject(id, Media.class, Parameter.withFields("id,permalink"));
            return new Published(id, m.permalink != null ? m.permalink : "https://www.instagram.com/");
        } catch (FacebookException e) {
            throw GraphApi.plain("Instagram", e, client);
        }
    }

    @Override
    public Optional<Published> find(Connection account, OutgoingPost post) throws NetworkException {
        if (post.firstAttempt() == null) return Optional.empty();
        Instant since = post.firstAttempt().minus(Duration.ofMinutes(5));
        FacebookClient client = GraphApi.client(account);
        try {
            for (Media m : client.fetchConnection(
                            account.account() + "/media",
                            Media.class,
                            Parameter.withFields("id,caption,permalink,timestamp"),
                            Parameter.withLimit(25))
                    .getData()) {
                if (post.text().equals(m.caption)
                        && (m.timestamp == null || !parse(m.timestamp).isBefore(since))) {
                    return Optional.of(new Published(m.id, m.permalink));
                }
            }
            return Optional.empty();
        } catch (FacebookException e) {
            throw GraphApi.plain("Instagram", e, client);
        }
    }

    /** The Instagram Graph API has no delete for published media: someone must delete it in the app. */
    @Override
    public Takedown delete(Connection account, Published post) {
        return Takedown.byHand(
                "Instagram's API cannot delete posts: open the post in the Instagram app, " + "tap ⋯ and Delete");
    }

    private static String alt(OutgoingPost.Photo p) {
        return p.altText() == null ? "" : p.altText();
    }

    /** Instagram writes times as 2026-12-07T09:30:00+0000. */
    private static Instant parse(String t) {
        return OffsetDateTime.parse(t, DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssZ"))
                .toInstant();
    }
}
