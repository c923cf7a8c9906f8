package org.staffroom.networks;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.ibm.icu.text.BreakIterator;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
 * Bluesky through the AT Protocol's XRPC endpoints: {@code com.atproto.server.createSession} (the
 * account's handle and an app password), {@code com.atproto.repo.uploadBlob} per photo, then
 * {@code com.atproto.repo.createRecord} of an {@code app.bsky.feed.post} with link and hashtag
 * facets and an {@code app.bsky.embed.images} embed with alt text. Exactly once: the record key
 * is the post's idempotency key (a TID fixed when the post was scheduled), so a retry first asks
 * {@code getRecord} for it, and a second create of the same key is refused by the repository.
 * Jackson records follow the lexicons; no well-kept Java client exists.
 *
 * <p>One session per account, kept: Bluesky allows about 30 {@code createSession} calls per 5
 * minutes per account, so a backlog that logged in for every post would be throttled. An access
 * token the PDS rejects is renewed once, with {@code com.atproto.server.refreshSession}, or by
 * logging in again when the refresh token is refused too.
 */
@Component
class Bluesky implements SocialNetwork {

    static final String POST = "app.bsky.feed.post";
    static final int MAX_GRAPHEMES = 300;
    // Lexicon app.bsky.embed.images: at most 4 images, each blob at most 1,000,000 bytes
    // (https://github.com/bluesky-social/atproto/blob/main/lexicons/app/bsky/embed/images.json).
    static final long MAX_IMAGE_BYTES = 1_000_000;
    static final NetworkCeilings.Ceiling CEILING = new NetworkCeilings.Ceiling(
            "bluesky", "Bluesky", MAX_GRAPHEMES, 4, 0, MAX_IMAGE_BYTES, Set.of("image/jpeg", "image/png"));
    private static final Pattern LINK = Pattern.compile("https?://[^\\s]+[^\\s.,;:!?)\"']");
    private static final Pattern TAG = Pattern.compile("(?<![\\p{L}\\p{N}_])#([\\p{L}\\p{N}_]*\\p{L}[\\p{L}\\p{N}_]*)");

    private final Http http = new Http();
    private final Clock clock;
    // Keyed by PDS, handle and a hash of the app password, so a changed password logs in afresh.
    // Bounded: a trust has a few dozen accounts; an evicted one just logs in again.
    private final Cache<SessionKey, Session> sessions =
            Caffeine.newBuilder().maximumSize(256).build();

    Bluesky(Clock clock) {
        this.clock = clock;
    }

    @Override
    public String id() {
        return "bluesky";
    }

    @Override
    public NetworkRules rules() {
        return PublishedLimits.rules(CEILING, Bluesky::graphemes, true);
    }

    /** User-perceived characters, as Bluesky counts its 300 (an emoji with a skin tone is one). */
    static int graphemes(String text) {
        BreakIterator it = BreakIterator.getCharacterInstance();
        it.setText(text);
        int n = 0;
        while (it.next() != BreakIterator.DONE) n++;
        return n;
    }

    // ---------------------------------------------------------------- lexicon records

    record CreateSession(String identifier, String password) {}

    record Session(String did, String handle, String accessJwt, String refreshJwt) {}

    record BlobRef(@JsonProperty("$link") String link) {}

    record Blob(@JsonProperty("$type") String type, BlobRef ref, String mimeType, long size) {}

    record UploadBlobOutput(Blob blob) {}

    record ByteSlice(int byteStart, int byteEnd) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Feature(@JsonProperty("$type") String type, String uri, String tag) {}

    record Facet(ByteSlice index, List<Feature> features) {}

    record Image(String alt, Blob image) {}

    record Images(@JsonProperty("$type") String type, List<Image> images) {}

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    record FeedPost(
            @JsonProperty("$type") String type,
            String text,
            List<Facet> facets,
            Images embed,
            List<String> langs,
            String createdAt) {}

    record CreateRecord(String repo, String collection, String rkey, FeedPost record) {}

    record RecordRef(String uri, String cid) {}

    record DeleteRecord(String repo, String collection, String rkey) {}

    record XrpcError(String error, String message) {}

    /** Which login a kept session belongs to; the password only as a SHA-256 hash. */
    record SessionKey(String baseUrl, String identifier, String passwordHash) {}

    /** A request built with a session's access token (the repo's DID comes from it too). */
    private interface Call {
        HttpRequest with(Session session);
    }

    /** An answer, and the session it was sent with. */
    private record Sent(Session session, HttpResponse<String> response) {}

    // ---------------------------------------------------------------- the contract

    @Override
    public Published publish(Connection account, OutgoingPost post) throws NetworkException {
        List<Image> images = new ArrayList<>();
        for (OutgoingPost.Photo p : post.photos()) {
            byte[] bytes = bytes(p);
            HttpResponse<String> r = send(
                            account,
                            session -> Http.request(account.baseUrl() + "/xrpc/com.atproto.repo.uploadBlob")
                                    .header("Authorization", "Bearer " + session.accessJwt())
                                    .header("Content-Type", p.mimeType())
                                    .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
                                    .build())
                    .response();
            check(r, true);
            images.add(new Image(
                    p.altText() == null ? "" : p.altText(),
                    Http.read(r, UploadBlobOutput.class).blob()));
        }
        FeedPost record = new FeedPost(
                POST,
                post.text(),
                facets(post.text()),
                images.isEmpty() ? null : new Images("app.bsky.embed.images", images),
                null,
                Instant.now(clock).toString());
        Sent sent = send(
                account,
                session -> Http.request(account.baseUrl() + "/xrpc/com.atproto.repo.createRecord")
                        .header("Authorization", "Bearer " + session.accessJwt())
                        .header("Content-Type", "application/json")
                        .POST(Http.json(new CreateRecord(session.did(), POST, post.key(), record)))
                        .build());
        Session session = sent.session();
        HttpResponse<String> r = sent.response();
        if (r.statusCode() == 400 && error(r).map(Bluesky::alreadyExists).orElse(false)) {
            // Created by an earlier try whose answer was lost: it is there under this key.
            return find(account, post)
                    .orElseThrow(() -> new NetworkException(
                            NetworkException.Reason.UNAVAILABLE,
                            "Bluesky says the post exists but does not return it"));
        }
        check(r, false);
        return new Published(Http.read(r, RecordRef.class).uri(), webUrl(session.handle(), post.key()));
    }

    @Override
    public Optional<Published> find(Connection account, OutgoingPost post) throws NetworkException {
        Sent sent = send(
                account,
                session -> Http.request(account.baseUrl() + "/xrpc/com.atproto.repo.getRecord?repo="
                                + enc(session.did()) + "&collection=" + POST + "&rkey=" + enc(post.key()))
                        .header("Authorization", "Bearer " + session.accessJwt())
                        .GET()
                        .build());
        Session session = sent.session();
        HttpResponse<String> r = sent.response();
        if (r.statusCode() == 400
                && error(r).map(e -> "RecordNotFound".equals(e.error())).orElse(false)) return Optional.empty();
        check(r, false);
        return Optional.of(new Published(Http.read(r, RecordRef.class).uri(), webUrl(session.handle(), post.key())));
    }

    @Override
    public Takedown delete(Connection account, Published post) throws NetworkException {
        String rkey = post.remoteId().substring(post.remoteId().lastIndexOf('/') + 1);
        HttpResponse<String> r = send(
                        account,
                        session -> Http.request(account.baseUrl() + "/xrpc/com.atproto.repo.deleteRecord")
                                .header("Authorization", "Bearer " + session.accessJwt())
                                .header("Content-Type", "application/json")
                                .POST(Http.json(new DeleteRecord(session.did(), POST, rkey)))
                                .build())
                .response();
        check(r, false); // deleting a record that is not there succeeds: already gone is gone
        return Takedown.done();
    }

    /**
     * Sends with the account's kept session; when the PDS rejects the access token, renews the
     * session once (refresh, else a new login) and sends again. Two threads may both log in for a
     * new account; the later session simply replaces the earlier one.
     */
    private Sent send(Connection account, Call call) throws NetworkException {
        SessionKey key = key(account);
        Session session = sessions.getIfPresent(key);
        if (session == null) {
            session = createSession(account, key);
        }
        HttpResponse<String> r = http.send(call.with(session));
        if (!tokenRejected(r)) return new Sent(session, r);
        Session renewed = refreshSession(account, session).orElse(null);
        if (renewed == null) {
            renewed = createSession(account, key);
        } else {
            sessions.put(key, renewed);
        }
        return new Sent(renewed, http.send(call.with(renewed)));
    }

    /** The access (or refresh) token is expired, invalid or revoked, not the request itself. */
    private static boolean tokenRejected(HttpResponse<String> r) {
        if (r.statusCode() == 401) return true;
        if (r.statusCode() != 400) return false;
        String e = error(r).map(XrpcError::error).orElse("");
        return "ExpiredToken".equals(e) || "InvalidToken".equals(e);
    }

    /** {@code com.atproto.server.refreshSession}, authorised by the refresh token; empty if refused. */
    private Optional<Session> refreshSession(Connection account, Session session) throws NetworkException {
        HttpResponse<String> r = http.send(Http.request(account.baseUrl() + "/xrpc/com.atproto.server.refreshSession")
                .header("Authorization", "Bearer " + session.refreshJwt())
                .POST(HttpRequest.BodyPublishers.noBody())
                .build());
        if (tokenRejected(r)) return Optional.empty();
        check(r, false);
        return Optional.of(Http.read(r, Session.class));
    }

    private Session createSession(Connection account, SessionKey key) throws NetworkException {
        sessions.invalidate(key);
        HttpResponse<String> r = http.send(Http.request(account.baseUrl() + "/xrpc/com.atproto.server.createSession")
                .header("Content-Type", "application/json")
                .POST(Http.json(new CreateSession(account.account(), account.token())))
                .build());
        check(r, false);
        Session session = Http.read(r, Session.class);
        sessions.put(key, session);
        return session;
    }

    static SessionKey key(Connection account) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest(String.valueOf(account.token()).getBytes(StandardCharsets.UTF_8));
            return new SessionKey(
                    account.baseUrl(), account.account(), HexFormat.of().formatHex(hash));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private void check(HttpResponse<String> r, boolean media) throws NetworkException {
        int s = r.statusCode();
        if (s >= 200 && s < 300) return;
        XrpcError e = error(r).orElse(new XrpcError(null, null));
        String what = e.message() != null ? e.message() : e.error() != null ? e.error() : "HTTP " + s;
        if (s == 429)
            throw new NetworkException(
                    NetworkException.Reason.RATE_LIMITED,
                    "Bluesky asks us to slow down (rate limit)",
                    Http.retryAfter(r, clock.instant()));
        if (s == 401
                || "ExpiredToken".equals(e.error())
                || "InvalidToken".equals(e.error())
                || "AuthenticationRequired".equals(e.error())) {
            throw new NetworkException(
                    NetworkException.Reason.EXPIRED_TOKEN,
                    "Bluesky refused the app password (" + what
                            + "): make a new one and put it in the account's token variable");
        }
        if (media || s == 413 || "BlobTooLarge".equals(e.error())) {
            throw new NetworkException(NetworkException.Reason.MEDIA_REFUSED, "Bluesky refused a photo: " + what);
        }
        if (s >= 500)
            throw new NetworkException(
                    NetworkException.Reason.UNAVAILABLE, "Bluesky is not answering properly (HTTP " + s + ")");
        throw new NetworkException(NetworkException.Reason.REJECTED, "Bluesky refused the post: " + what);
    }

    /** The repository refuses a second record under one key ("Record already exists"). */
    private static boolean alreadyExists(XrpcError e) {
        String all = (e.error() == null ? "" : e.error()) + " " + (e.message() == null ? "" : e.message());
        return all.toLowerCase(java.util.Locale.ROOT).contains("already exists");
    }

    private static Optional<XrpcError> error(HttpResponse<String> r) {
        try {
            return Optional.of(Http.read(r, XrpcError.class));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Link and hashtag facets, indexed by UTF-8 byte offsets as the lexicon requires. */
    static List<Facet> facets(String text) {
        List<Facet> out = new ArrayList<>();
        Matcher m = LINK.matcher(text);
        while (m.find()) {
            out.add(new Facet(
                    slice(text, m.start(), m.end()),
                    List.of(new Feature("app.bsky.richtext.facet#link", m.group(), null))));
        }
        m = TAG.matcher(text);
        while (m.find()) {
            if (m.group(1).length() > 64) continue;
            out.add(new Facet(
                    slice(text, m.start(), m.end()),
                    List.of(new Feature("app.bsky.richtext.facet#tag", null, m.group(1)))));
        }
        return out;
    }

    private static ByteSlice slice(String text, int start, int end) {
        return new ByteSlice(
                text.substring(0, start).getBytes(StandardCharsets.UTF_8).length,
                text.substring(0, end).getBytes(StandardCharsets.UTF_8).length);
    }

    static String webUrl(String handle, String rkey) {
        return "https://bsky.app/profile/" + handle + "/post/" + rkey;
    }

    private static byte[] bytes(OutgoingPost.Photo p) throws NetworkException {
        try {
            return Files.readAllBytes(p.file());
        } catch (IOException e) {
            throw new NetworkException(
                    NetworkException.Reason.MEDIA_REFUSED, "a photo of the post is missing on the server");
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
