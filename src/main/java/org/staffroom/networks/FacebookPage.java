package org.staffroom.networks;

import com.restfb.BinaryAttachment;
import com.restfb.FacebookClient;
import com.restfb.Parameter;
import com.restfb.exception.FacebookException;
import com.restfb.types.GraphResponse;
import com.restfb.types.Post;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
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
 * A Facebook Page through RestFB: photos are uploaded unpublished to {@code /{page}/photos} (with
 * their alt text), then one post to {@code /{page}/feed} attaches them. The Graph API takes no
 * idempotency key, so before a retry {@link #find} reads the Page's recent posts back and looks
 * for the same text made since the first try; {@code DELETE /{post}} takes it down.
 */
@Component
class FacebookPage implements SocialNetwork {

    static final int MAX_CHARACTERS = 63_206;
    // Page photos: JPEG or PNG, less than 4 MB (https://developers.facebook.com/docs/graph-api/reference/page/photos/).
    static final long MAX_IMAGE_BYTES = 4 * 1024 * 1024;
    static final NetworkCeilings.Ceiling CEILING = new NetworkCeilings.Ceiling(
            "facebook", "Facebook", MAX_CHARACTERS, 10, 0, MAX_IMAGE_BYTES, Set.of("image/jpeg", "image/png"));

    @Override
    public String id() {
        return "facebook";
    }

    @Override
    public NetworkRules rules() {
        return PublishedLimits.rules(CEILING, String::length, true);
    }

    @Override
    public Published publish(Connection account, OutgoingPost post) throws NetworkException {
        FacebookClient client = GraphApi.client(account);
        try {
            List<Parameter> params = new ArrayList<>();
            params.add(Parameter.with("message", post.text()));
            for (int i = 0; i < post.photos().size(); i++) {
                OutgoingPost.Photo p = post.photos().get(i);
                GraphResponse photo = client.publish(
                        account.account() + "/photos",
                        GraphResponse.class,
                        BinaryAttachment.with("source", p.file().getFileName().toString(), read(p), p.mimeType()),
                        Parameter.with("published", false),
                        Parameter.with("alt_text_custom", p.altText() == null ? "" : p.altText()));
                params.add(Parameter.with("attached_media[" + i + "]", "{\"media_fbid\":\"" + photo.getId() + "\"}"));
            }
            GraphResponse created =
                    client.publish(account.account() + "/feed", GraphResponse.class, params.toArray(Parameter[]::new));
            return new Published(created.getId(), permalink(client, created.getId()));
        } catch (FacebookException e) {
            throw GraphApi.plain("Facebook", e, client);
        }
    }

    @Override
    public Optional<Published> find(Connection account, OutgoingPost post) throws NetworkException {
        if (post.firstAttempt() == null) return Optional.empty();
        FacebookClient client = GraphApi.client(account);
        try {
            long since = post.firstAttempt().minus(Duration.ofMinutes(5)).getEpochSecond();
            for (Post p : client.fetchConnection(
                            account.account() + "/posts",
                            Post.class,
                            Parameter.withFields("id,message,created_time,permalink_url"),
                            Parameter.with("since", since),
                            Parameter.withLimit(50))
                    .getData()) {
                if (post.text().equals(p.getMessage())) {
                    return Optional.of(new Published(
                            p.getId(),
                            p.getPermalinkUrl() != null
                                    ? p.getPermalinkUrl()
                                    : "https://www.facebook.com/" + p.getId()));
                }
            }
            return Optional.empty();
        } catch (FacebookException e) {
            throw GraphApi.plain("Facebook", e, client);
        }
    }

    @Override
    public Takedown delete(Connection account, Published post) throws NetworkException {
        FacebookClient client = GraphApi.client(account);
        try {
            if (client.deleteObject(post.remoteId())) return Takedown.done();
            return Takedown.byHand("Facebook did not confirm the delete");
        } catch (FacebookException e) {
            NetworkException plain = GraphApi.plain("Facebook", e, client);
            if (e instanceof com.restfb.exception.FacebookGraphException g
                    && g.getErrorCode() != null
                    && g.getErrorCode() == 100) {
                return Takedown.done(); // "does not exist": already gone
            }
            throw plain;
        }
    }

    private static String permalink(FacebookClient client, String id) {
        try {
            Post p = client.fetchObject(id, Post.class, Parameter.withFields("permalink_url"));
            if (p.getPermalinkUrl() != null) return p.getPermalinkUrl();
        } catch (FacebookException e) {
            // the post is out; a link built from its id opens it too
        }
        return "https://www.facebook.com/" + id;
    }

    private static byte[] read(OutgoingPost.Photo p) throws NetworkException {
        try {
            return Files.readAllBytes(p.file());
        } catch (IOException e) {
            throw new NetworkException(
                    NetworkException.Reason.MEDIA_REFUSED, "a photo of the post is missing on the server");
        }
    }
}
