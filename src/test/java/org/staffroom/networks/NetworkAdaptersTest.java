package org.staffroom.networks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.staffroom.publishing.Connection;
import org.staffroom.publishing.NetworkException;
import org.staffroom.publishing.OutgoingPost;
import org.staffroom.publishing.Published;
import org.staffroom.publishing.Takedown;
import org.staffroom.testing.MutableClock;
import org.staffroom.testing.networks.FakeBluesky;
import org.staffroom.testing.networks.FakeGraph;
import org.staffroom.testing.networks.FakeMastodon;
import org.staffroom.testing.networks.LoopbackApi.Fault;

/**
 * Each adapter against its loopback fake, through the real client (RestFB for the Graph API, the
 * JDK client elsewhere): a post with a photo and alt text goes out once, a repeat with the same key
 * does not post twice, a takedown deletes (or says it must be done by hand on Instagram), and the
 * networks' errors arrive as the right kind with plain words.
 */
class NetworkAdaptersTest {

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T09:30:00Z"));
    private FakeBluesky bluesky;
    private FakeMastodon mastodon;
    private FakeGraph graph;
    private HttpServer photoHost;
    private Path photo;

    @BeforeEach
    void start() throws IOException {
        bluesky = new FakeBluesky(clock, "oakfield.bsky.social", "app-pass-1", 0, Duration.ofMinutes(5));
        mastodon = new FakeMastodon(clock, "oakfield", "masto-token", 0, Duration.ofMinutes(5));
        graph = new FakeGraph(clock, "1111", "1784", "page-token", 0, Duration.ofHours(1));
        photo = dir.resolve("abcdefghijklmnop1234.jpg");
        BufferedImage img = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
        ImageIO.write(img, "jpg", photo.toFile());
        byte[] bytes = Files.readAllBytes(photo);
        photoHost = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        photoHost.createContext("/files/", ex -> {
            ex.getResponseHeaders().set("Content-Type", "image/jpeg");
            ex.sendResponseHeaders(200, bytes.length);
            ex.getResponseBody().write(bytes);
            ex.close();
        });
        photoHost.start();
    }

    @AfterEach
    void stop() {
        bluesky.close();
        mastodon.close();
        graph.close();
        photoHost.stop(0);
    }

    private OutgoingPost post(String key, String text, Instant firstAttempt) throws IOException {
        String url = "http://127.0.0.1:" + photoHost.getAddress().getPort() + "/files/abcdefghijklmnop1234";
        return new OutgoingPost(
                key,
                text,
                List.of(new OutgoingPost.Photo(
                        photo, "image/jpeg", Files.size(photo), "Children planting bulbs in the school garden", url)),
                firstAttempt);
    }

    @Test
    void blueskyPostsWithFacetsAndAltTextOnceUnderItsRecordKey() throws Exception {
        Bluesky adapter = new Bluesky(clock);
        Connection c = new Connection("bluesky", "oakfield.bsky.social", bluesky.baseUrl(), "app-pass-1");
        OutgoingPost p = post(
                "3lbc2yfmsyv2k", "Bulbs planted 🌷🏽 today! See https://oakfield.example/garden #GardenClub", null);
        Published first = adapter.publish(c, p);
        assertThat(first.url()).isEqualTo("https://bsky.app/profile/oakfield.bsky.social/post/3lbc2yfmsyv2k");
        var record = bluesky.posts().get("3lbc2yfmsyv2k");
        assertThat(record.path("embed").path("images").get(0).path("alt").asString())
                .isEqualTo("Children planting bulbs in the school garden");
        assertThat(record.path("facets")).hasSize(2);
        // The same key again (the answer was lost): the repository refuses a second record, the adapter finds the
        // first.
        Published again = adapter.publish(c, p);
        assertThat(again).isEqualTo(first);
        assertThat(adapter.find(c, p)).contains(first);
        assertThat(bluesky.created()).isEqualTo(1);
        assertThat(adapter.delete(c, first)).isEqualTo(Takedown.done());
        assertThat(bluesky.posts()).isEmpty();
        assertThat(adapter.find(c, p)).isEmpty();
    }

    @Test
    void blueskyCountsGraphemesNotCharacters() {
        String family = "👨‍👩‍👧‍👦"; // one grapheme, eleven UTF-16 chars
        assertThat(Bluesky.graphemes(family.repeat(300))).isEqualTo(300);
        assertThat(new Bluesky(clock).rules().problems("Bluesky", family.repeat(300), List.of()))
                .isEmpty();
        assertThat(new Bluesky(clock).rules().problems("Bluesky", "a".repeat(301), List.of()))
                .singleElement()
                .asString()
                .contains("301")
                .contains("300");
    }

    @Test
    void blueskyErrorsArriveAsTheirKind() throws Exception {
        Bluesky adapter = new Bluesky(clock);
        Connection c = new Connection("bluesky", "oakfield.bsky.social", bluesky.baseUrl(), "app-pass-1");
        bluesky.failNext(Fault.RATE_LIMITED);
        assertThatThrownBy(() -> adapter.publish(c, post("3lbc2yfmsyv2a", "Hello", null)))
                .isInstanceOfSatisfying(
                        NetworkException.class,
                        e -> assertThat(e.reason()).isEqualTo(NetworkException.Reason.RATE_LIMITED));
        bluesky.failNext(Fault.MEDIA_REFUSED);
        assertThatThrownBy(() -> adapter.publish(c, post("3lbc2yfmsyv2a", "Hello", null)))
                .isInstanceOfSatisfying(
                        NetworkException.class,
                        e -> assertThat(e.reason()).isEqualTo(NetworkException.Reason.MEDIA_REFUSED));
        bluesky.revoke();
        assertThatThrownBy(() -> adapter.publish(c, post("3lbc2yfmsyv2a", "Hello", null)))
                .isInstanceOfSatisfying(NetworkException.class, e -> {
                    assertThat(e.reason()).isEqualTo(NetworkException.Reason.EXPIRED_TOKEN);
                    assertThat(e.getMessage()).doesNotContain("app-pass-1");
                });
        assertThat(bluesky.created()).isZero();
    }

    /** Record keys the fake accepts (a TID's alphabet), one per number. */
    private static String tid(int n) {
        String alphabet = "234567abcdefghijklmnopqrstuvwxyz";
        StringBuilder key = new StringBuilder("3lbc2yfms");
        for (int i = 0, v = n; i < 4; i++, v /= 32) key.append(alphabet.charAt(v % 32));
        return key.toString();
    }

    /** Posts created on the fake, logins it granted, and sessions it renewed with a refresh token. */
    private void assertBluesky(int created, int sessions, int refreshes) {
        assertThat(bluesky.created()).isEqualTo(created);
        assertThat(bluesky.sessions()).isEqualTo(sessions);
        assertThat(bluesky.refreshes()).isEqualTo(refreshes);
    }

    private long calls(String method) {
        return bluesky.calls().stream()
                .filter(x -> x.path().equals("/xrpc/" + method))
                .count();
    }

    @Test
    void blueskyPublishesABacklogBeyondTheSessionLimitWithOneSession() throws Exception {
        Bluesky adapter = new Bluesky(clock);
        Connection c = new Connection("bluesky", "oakfield.bsky.social", bluesky.baseUrl(), "app-pass-1");
        int backlog = 45; // more than the 30 logins Bluesky allows per 5 minutes
        Published last = null;
        for (int i = 0; i < backlog; i++) last = adapter.publish(c, post(tid(i), "Backlog post " + i, null));
        assertThat(adapter.delete(c, last)).isEqualTo(Takedown.done());
        assertBluesky(backlog, 1, 0);
        assertThat(calls("com.atproto.server.createSession")).isEqualTo(1);
    }

    @Test
    void blueskyRefreshesAnExpiredAccessTokenOnce() throws Exception {
        Bluesky adapter = new Bluesky(clock);
        Connection c = new Connection("bluesky", "oakfield.bsky.social", bluesky.baseUrl(), "app-pass-1");
        adapter.publish(c, post(tid(1), "Before the token expires", null));
        clock.advance(FakeBluesky.ACCESS_LIFETIME.plusMinutes(1));
        adapter.publish(c, post(tid(2), "After it expired", null));
        adapter.publish(c, post(tid(3), "With the refreshed token", null));
        assertBluesky(3, 1, 1);
        assertThat(calls("com.atproto.server.refreshSession")).isEqualTo(1);
    }

    @Test
    void blueskyLogsInAgainWhenTheRefreshTokenIsRefusedToo() throws Exception {
        Bluesky adapter = new Bluesky(clock);
        Connection c = new Connection("bluesky", "oakfield.bsky.social", bluesky.baseUrl(), "app-pass-1");
        adapter.publish(c, post(tid(1), "First", null));
        // A PDS restart or a sign-out elsewhere: both tokens of the kept session are gone.
        bluesky.changePassword("app-pass-1");
        adapter.publish(c, post(tid(2), "Second", null));
        assertBluesky(2, 2, 0);
    }

    @Test
    void blueskyStartsANewSessionWhenTheAppPasswordChanges() throws Exception {
        Bluesky adapter = new Bluesky(clock);
        adapter.publish(
                new Connection("bluesky", "oakfield.bsky.social", bluesky.baseUrl(), "app-pass-1"),
                post(tid(1), "With the first password", null));
        bluesky.changePassword("app-pass-2");
        adapter.publish(
                new Connection("bluesky", "oakfield.bsky.social", bluesky.baseUrl(), "app-pass-2"),
                post(tid(2), "With the new password", null));
        assertBluesky(2, 2, 0);
        // The new password logged in straight away: no request went out with the old session's token.
        assertThat(calls("com.atproto.repo.createRecord")).isEqualTo(2);
        assertThat(calls("com.atproto.server.refreshSession")).isZero();
    }

    @Test
    void mastodonHonoursTheIdempotencyKeyAndDeletes() throws Exception {
        Mastodon adapter = new Mastodon(clock);
        Connection c = new Connection("mastodon", "oakfield", mastodon.baseUrl(), "masto-token");
        OutgoingPost p = post("staffroom-7-mastodon", "Bulbs planted today #GardenClub", null);
        Published first = adapter.publish(c, p);
        Published again = adapter.publish(c, p);
        assertThat(again).isEqualTo(first);
        assertThat(mastodon.created()).isEqualTo(1);
        var status = mastodon.statuses().get(first.remoteId());
        assertThat(((List<?>) status.get("media_attachments"))).hasSize(1);
        assertThat(mastodon.calls().stream().filter(x -> x.path().equals("/api/v1/statuses")))
                .allSatisfy(x -> assertThat(x.headers()).containsEntry("idempotency-key", "staffroom-7-mastodon"));
        assertThat(adapter.delete(c, first).deleted()).isTrue();
        assertThat(mastodon.statuses()).isEmpty();
        assertThat(adapter.delete(c, first).deleted())
                .as("already gone is gone")
                .isTrue();
        mastodon.failNext(Fault.EXPIRED_TOKEN);
        assertThatThrownBy(() -> adapter.publish(c, post("k2", "x", null)))
                .isInstanceOfSatisfying(
                        NetworkException.class,
                        e -> assertThat(e.reason()).isEqualTo(NetworkException.Reason.EXPIRED_TOKEN));
        mastodon.failNext(Fault.RATE_LIMITED);
        assertThatThrownBy(() -> adapter.publish(c, post("k2", "x", null)))
                .isInstanceOfSatisfying(NetworkException.class, e -> {
                    assertThat(e.reason()).isEqualTo(NetworkException.Reason.RATE_LIMITED);
                    assertThat(e.retryAfter()).isNotNull();
                });
        mastodon.failNext(Fault.MEDIA_REFUSED);
        assertThatThrownBy(() -> adapter.publish(c, post("k2", "x", null)))
                .isInstanceOfSatisfying(
                        NetworkException.class,
                        e -> assertThat(e.reason()).isEqualTo(NetworkException.Reason.MEDIA_REFUSED));
    }

    @Test
    void facebookThroughRestFbPostsOnceReconcilesAndDeletes() throws Exception {
        FacebookPage adapter = new FacebookPage();
        Connection c = new Connection("facebook", "1111", graph.baseUrl(), "page-token");
        OutgoingPost p = post("staffroom-7-facebook", "Bulbs planted today", clock.instant());
        assertThat(adapter.find(c, p)).isEmpty();
        Published first = adapter.publish(c, p);
        assertThat(first.url()).startsWith("https://www.facebook.com/1111/posts/");
        assertThat(graph.pagePosts().get(first.remoteId())).containsEntry("message", "Bulbs planted today");
        // A retry after a lost answer reads the Page's posts back and finds it.
        assertThat(adapter.find(c, p)).contains(first);
        assertThat(adapter.delete(c, first).deleted()).isTrue();
        assertThat(graph.pagePosts()).isEmpty();
        graph.failNext(Fault.EXPIRED_TOKEN);
        assertThatThrownBy(() -> adapter.publish(c, p))
                .isInstanceOfSatisfying(
                        NetworkException.class,
                        e -> assertThat(e.reason()).isEqualTo(NetworkException.Reason.EXPIRED_TOKEN));
        graph.failNext(Fault.RATE_LIMITED);
        assertThatThrownBy(() -> adapter.publish(c, p))
                .isInstanceOfSatisfying(
                        NetworkException.class,
                        e -> assertThat(e.reason()).isEqualTo(NetworkException.Reason.RATE_LIMITED));
        graph.failNext(Fault.MEDIA_REFUSED);
        assertThatThrownBy(() -> adapter.publish(c, p))
                .isInstanceOfSatisfying(
                        NetworkException.class,
                        e -> assertThat(e.reason()).isEqualTo(NetworkException.Reason.MEDIA_REFUSED));
    }

    @Test
    void instagramPublishesFromTheServedPhotoAndCannotDelete() throws Exception {
        InstagramAccount adapter = new InstagramAccount();
        Connection c = new Connection("instagram", "1784", graph.baseUrl(), "page-token");
        OutgoingPost p = post("staffroom-7-instagram", "Bulbs planted today", clock.instant());
        Published first = adapter.publish(c, p);
        assertThat(first.url()).startsWith("https://www.instagram.com/p/");
        assertThat(adapter.find(c, p)).contains(first);
        assertThat(graph.instagramPublished()).isEqualTo(1);
        Takedown t = adapter.delete(c, first);
        assertThat(t.deleted()).isFalse();
        assertThat(t.manual()).contains("cannot delete");
        assertThat(adapter.rules().problems("Instagram", "text", List.of()))
                .singleElement()
                .asString()
                .contains("at least 1 photo");
    }

    /** Each network's own limit, hit: a rate limit that waits exactly until the network's stated reset. */
    @Test
    void everyAdapterWaitsUntilTheResetItsNetworkStates() throws Exception {
        Connection mc = new Connection("mastodon", "oakfield", mastodon.baseUrl(), "masto-token");
        mastodon.limit(FakeMastodon.MEDIA_UPLOADS, 1, Duration.ofMinutes(30));
        new Mastodon(clock).publish(mc, post("m-1", "one", null));
        clock.advance(Duration.ofMinutes(10));
        assertRateLimited(() -> new Mastodon(clock).publish(mc, post("m-2", "two", null)), Duration.ofMinutes(20));

        Connection bc = new Connection("bluesky", "oakfield.bsky.social", bluesky.baseUrl(), "app-pass-1");
        bluesky.limit(FakeBluesky.SESSIONS, 1, Duration.ofMinutes(5));
        new Bluesky(clock).publish(bc, post("3lbc2yfmsyv2b", "one", null));
        clock.advance(Duration.ofMinutes(1));
        assertRateLimited(
                () -> new Bluesky(clock).publish(bc, post("3lbc2yfmsyv2c", "two", null)), Duration.ofMinutes(4));

        // Graph says minutes in X-Business-Use-Case-Usage; RestFB reads the header.
        Connection fc = new Connection("facebook", "1111", graph.baseUrl(), "page-token");
        graph.limit(FakeGraph.PAGE_CALLS, 1, Duration.ofHours(2));
        assertRateLimited(() -> new FacebookPage().publish(fc, post("f-1", "one", null)), Duration.ofHours(2));

        Connection ic = new Connection("instagram", "1784", graph.baseUrl(), "page-token");
        graph.limit(FakeGraph.IG_PUBLISHES, 1, Duration.ofHours(24));
        new InstagramAccount().publish(ic, post("i-1", "one", null));
        clock.advance(Duration.ofHours(23));
        assertRateLimited(() -> new InstagramAccount().publish(ic, post("i-2", "two", null)), Duration.ofHours(1));
        assertThat(graph.instagramPublished()).isEqualTo(1);
    }

    private interface Attempt {
        void run() throws Exception;
    }

    private static void assertRateLimited(Attempt attempt, Duration wait) {
        assertThatThrownBy(attempt::run).isInstanceOfSatisfying(NetworkException.class, e -> {
            assertThat(e.reason()).isEqualTo(NetworkException.Reason.RATE_LIMITED);
            assertThat(e.retryAfter()).isEqualTo(wait);
        });
    }
}
