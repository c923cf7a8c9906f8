package org.staffroom.networks;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * Mastodon's REST API: {@code POST /api/v1/media} per photo (with its description), then
 * {@code POST /api/v1/statuses} with an {@code Idempotency-Key} header, which the server honours
 * for an hour: a retry with the same key returns the same status instead of a second one.
 * {@code DELETE /api/v1/statuses/:id} takes it down. Plain JDK HTTP: BigBone did not resolve from
 * Maven Central here, and the three calls need no more.
 */
@Component
class Mastodon implements SocialNetwork {

    static final int MAX_CHARACTERS = 500;
    // At most 4 attachments; images up to the server's media_attachments.image_size_limit, 16 MB by default
    // (https://docs.joinmastodon.org/methods/media/, https://docs.joinmastodon.org/methods/instance/).
    static final long MAX_IMAGE_BYTES = 16 * 1024 * 1024;
    static final NetworkCeilings.Ceiling CEILING = new NetworkCeilings.Ceiling(
            "mastodon",
            "Mastodon",
            MAX_CHARACTERS,
            4,
            0,
            MAX_IMAGE_BYTES,
            Set.of("image/jpeg", "image/png", "image/webp"));

    private final Http http = new Http();
    private final Clock clock;

    Mastodon(Clock clock) {
        this.clock = clock;
    }

    record MediaAttachment(String id, String type, String url, String description) {}

    record Status(String id, String url, String uri, String content, String created_at) {}

    record ApiError(String error) {}

    @Override
    public String id() {
        return "mastodon";
    }

    @Override
    public NetworkRules rules() {
        return PublishedLimits.rules(CEILING, s -> s.codePointCount(0, s.length()), true);
    }

    @Override
    public Published publish(Connection account, OutgoingPost post) throws NetworkException {
        List<String> mediaIds = new ArrayList<>();
        for (OutgoingPost.Photo p : post.photos()) {
            byte[] file;
            try {
                file = Files.readAllBytes(p.file());
            } catch (IOException e) {
                throw new NetworkException(
                        NetworkException.Reason.MEDIA_REFUSED, "a photo of the post is missing on the server");
            }
            Http.Multipart body = Http.Multipart.of(
                    "file", p.file().getFileName().toString(), p.mimeType(), file, "description", p.altText());
            HttpResponse<String> r = http.send(Http.request(account.baseUrl() + "/api/v1/media")
                    .header("Authorization", "Bearer " + account.token())
                    .header("Content-Type", body.contentType())
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body.body()))
                    .build());
            check(r, true);
            mediaIds.add(Http.read(r, MediaAttachment.class).id());
        }
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("status", post.text());
        status.put("media_ids", mediaIds);
        status.put("visibility", "public");
        HttpResponse<String> r = http.send(Http.request(account.baseUrl() + "/api/v1/statuses")
                .header("Authorization", "Bearer " + account.token())
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", post.key())
                .POST(Http.json(status))
                .build());
        check(r, false);
        Status s = Http.read(r, Status.class);
        return new Published(s.id(), s.url() != null ? s.url() : s.uri());
    }

    /** Nothing to look up: the Idempotency-Key makes the retry itself safe. */
    @Override
    public Optional<Published> find(Connection account, OutgoingPost post) {
        return Optional.empty();
    }

    @Override
    public Takedown delete(Connection account, Published post) throws NetworkException {
        HttpResponse<String> r = http.send(Http.request(account.baseUrl() + "/api/v1/statuses/" + post.remoteId())
                .header("Authorization", "Bearer " + account.token())
                .DELETE()
                .build());
        if (r.statusCode() == 404) return Takedown.done(); // already gone
        check(r, false);
        return Takedown.done();
    }

    private void check(HttpResponse<String> r, boolean media) throws NetworkException {
        int s = r.statusCode();
        if (s >= 200 && s < 300) return;
        String what;
        try {
            what = Optional.ofNullable(Http.read(r, ApiError.class).error()).orElse("HTTP " + s);
        } catch (RuntimeException e) {
            what = "HTTP " + s;
        }
        if (s == 429)
            throw new NetworkException(
                    NetworkException.Reason.RATE_LIMITED,
                    "Mastodon asks us to slow down (rate limit)",
                    Http.retryAfter(r, clock.instant()));
        if (s == 401 || s == 403)
            throw new NetworkException(
                    NetworkException.Reason.EXPIRED_TOKEN,
                    "Mastodon refused the access token (" + what
                            + "): make a new one and put it in the account's token variable");
        if (media && (s == 413 || s == 422))
            throw new NetworkException(NetworkException.Reason.MEDIA_REFUSED, "Mastodon refused a photo: " + what);
        if (s >= 500)
            throw new NetworkException(
                    NetworkException.Reason.UNAVAILABLE, "Mastodon is not answering properly (HTTP " + s + ")");
        throw new NetworkException(NetworkException.Reason.REJECTED, "Mastodon refused the post: " + what);
    }
}
