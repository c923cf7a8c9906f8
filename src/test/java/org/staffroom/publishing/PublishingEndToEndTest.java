package org.staffroom.publishing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.staffroom.testing.Sample.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.staffroom.chat.Chat;
import org.staffroom.chat.Ticker;
import org.staffroom.config.TrustConfig;
import org.staffroom.drafts.PublicPosts;
import org.staffroom.testing.MutableClock;
import org.staffroom.testing.SampleConfig;
import org.staffroom.testing.SandboxClient;
import org.staffroom.testing.SandboxClient.Seen;
import org.staffroom.testing.StaffroomTest;
import org.staffroom.testing.TestClockConfiguration;
import org.staffroom.testing.networks.FakeBluesky;
import org.staffroom.testing.networks.FakeGraph;
import org.staffroom.testing.networks.FakeMastodon;
import org.staffroom.testing.networks.LoopbackApi.Fault;

/**
 * Publishing end to end through the sandbox: Oakfield has a Facebook Page, an Instagram account,
 * Bluesky and Mastodon connected (the loopback fakes); drafts approved by the card's button go out
 * at their wanted date and Oakfield's publishing time, once per network, also when the process dies
 * between the network's answer and the record; failures show on the card with a Retry that works;
 * and a consent withdrawal deletes the post from every network that can within a minute and opens
 * a tracked, reminded action for Instagram, whose API cannot delete.
 */
@StaffroomTest
class PublishingEndToEndTest {

    static final Path CONFIG = SampleConfig.copy("publishing");
    static final Path FILES = SampleConfig.folder("publishing-files");
    static final OakfieldNetworks NETWORKS = OakfieldNetworks.connect("e2e", CONFIG);
    /** The fakes' rate windows and reset headers follow the app's injected clock once it exists. */
    static final FollowingClock CLOCK = NETWORKS.clock();

    static final FakeGraph GRAPH = NETWORKS.graph();
    static final FakeBluesky BLUESKY = NETWORKS.bluesky();
    static final FakeMastodon MASTODON = NETWORKS.mastodon();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("staffroom.config-dir", CONFIG::toString);
        registry.add("staffroom.files.dir", FILES::toString);
        NETWORKS.register(registry);
    }

    @LocalServerPort
    int port;

    @Autowired
    MutableClock clock;

    @Autowired
    Ticker ticker;

    @Autowired
    Chat chat;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Publisher publisher;

    @Autowired
    PublishingService service;

    @Autowired
    PublicPosts publicPosts;

    @Autowired
    TrustConfig config;

    @Autowired
    org.staffroom.web.LoginLinks loginLinks;

    SandboxClient sandbox;

    @BeforeEach
    void setUp() {
        sandbox = new SandboxClient(port);
        clock.set(TestClockConfiguration.START);
        CLOCK.target = clock;
        publisher.afterAnswer = p -> {};
    }

    @AfterAll
    static void stop() {
        NETWORKS.close();
    }

    // ================================================================== at the wanted time, once

    @Test
    void anApprovedDraftGoesOutAtItsWantedDateAndTheSchoolsTimeOncePerNetwork() {
        int fb = GRAPH.pagePostsCreated();
        int bsky = BLUESKY.created();
        int masto = MASTODON.created();
        long id = approvedText(
                "Our Year 4 choir sings at the town hall on Friday. #OakfieldChoir",
                "facebook,bluesky,mastodon",
                "2026-11-27");
        // 27 Nov at Oakfield's 16:00 (its own publishing time, over the trust's 09:30), London time: 16:00Z.
        assertThat(states(id)).containsOnly("SCHEDULED");
        assertThat(card(AMARA, OAKFIELD_REVIEW, id).text()).contains("Bluesky: scheduled for Fri 27 Nov 2026, 16:00");

        tickAt(Instant.parse("2026-11-27T15:59:00Z"));
        assertThat(states(id)).containsOnly("SCHEDULED");
        assertThat(GRAPH.pagePostsCreated()).isEqualTo(fb);

        tickAt(Instant.parse("2026-11-27T16:00:00Z"));
        assertThat(states(id)).containsOnly("PUBLISHED");
        tickAt(Instant.parse("2026-11-27T16:05:00Z"));
        assertThat(GRAPH.pagePostsCreated()).isEqualTo(fb + 1);
        assertThat(BLUESKY.created()).isEqualTo(bsky + 1);
        assertThat(MASTODON.created()).isEqualTo(masto + 1);
        // The author is told, the card links each network, the wall links the post where it was published.
        assertThat(dmTo(BEN, "is out on Bluesky").text())
                .contains("https://bsky.app/profile/oakfield.bsky.social/post/");
        Seen card = card(AMARA, OAKFIELD_REVIEW, id);
        assertThat(card.text())
                .contains("Facebook: published", "https://www.facebook.com/1111/posts/", "Mastodon: published");
        assertThat(publicPosts.find(id).orElseThrow().publishedUrl()).isNotNull();
        assertThat(audit(id)).contains("SCHEDULED", "PUBLISHED");
    }

    @Test
    void approversRescheduleAndCancelFromTheCardBeforeItGoesOut() {
        long id = approvedText("Nativity play tickets on sale", "facebook,mastodon", "2026-12-01");
        Seen card = card(AMARA, OAKFIELD_REVIEW, id);
        // Another school's teacher may not; Oakfield's approver may.
        sandbox.press(DAN, card, PublishingButtons.CANCEL);
        settle();
        assertThat(states(id)).containsOnly("SCHEDULED");
        sandbox.press(AMARA, card, PublishingButtons.RESCHEDULE);
        sandbox.submitForm(AMARA, Map.of("date", List.of("2026-12-02"), "time", List.of("10:15")));
        settle();
        assertThat(jdbc.sql("select distinct due_at from publication where draft_id = ?")
                        .param(id)
                        .query(java.sql.Timestamp.class)
                        .list())
                .singleElement()
                .satisfies(t -> assertThat(t.toInstant()).isEqualTo(Instant.parse("2026-12-02T10:15:00Z")));
        assertThat(card(AMARA, OAKFIELD_REVIEW, id).text()).contains("scheduled for Wed 2 Dec 2026, 10:15");
        sandbox.press(AMARA, card(AMARA, OAKFIELD_REVIEW, id), PublishingButtons.CANCEL);
        settle();
        assertThat(states(id)).containsOnly("CANCELLED");
        tickAt(Instant.parse("2026-12-02T10:15:00Z"));
        assertThat(states(id)).containsOnly("CANCELLED");
        assertThat(audit(id)).contains("RESCHEDULED", "PUBLICATION_CANCELLED");
    }

    @Test
    void theContentCalendarShowsScheduledAndPublishedPostsAndCancelsWithTheSameRules() throws Exception {
        long scheduled = approvedText("Carol concert in the hall", "facebook,bluesky", "2026-11-30");
        String cookie = org.staffroom.testing.AdminSession.cookie(port, loginLinks);
        java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder()
                .followRedirects(java.net.http.HttpClient.Redirect.NEVER)
                .build();
        String page = http.send(
                        java.net.http.HttpRequest.newBuilder(
                                        java.net.URI.create("http://localhost:" + port + "/calendar?school=oakfield"))
                                .header("Cookie", cookie)
                                .build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString())
                .body();
        assertThat(page)
                .contains("Content calendar", "Mon 30 Nov 2026, 16:00", "Carol concert in the hall", "scheduled");
        String json = http.send(
                        java.net.http.HttpRequest.newBuilder(
                                        java.net.URI.create("http://localhost:" + port + "/api/calendar?school=trust"))
                                .header("Cookie", cookie)
                                .build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString())
                .body();
        assertThat(json).doesNotContain("Carol concert");
        Matcher csrf = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(page);
        assertThat(csrf.find()).isTrue();
        var r = http.send(
                java.net.http.HttpRequest.newBuilder(
                                java.net.URI.create("http://localhost:" + port + "/calendar/" + scheduled + "/cancel"))
                        .header("Cookie", cookie)
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("_csrf=" + csrf.group(1)))
                        .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(302);
        assertThat(states(scheduled)).containsOnly("CANCELLED");
        assertThat(audit(scheduled)).contains("PUBLICATION_CANCELLED");
        String detail = http.send(
                        java.net.http.HttpRequest.newBuilder(
                                        java.net.URI.create("http://localhost:" + port + "/drafts/" + scheduled))
                                .header("Cookie", cookie)
                                .build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString())
                .body();
        assertThat(detail).contains("facebook", "bluesky", "cancelled");
    }

    @Test
    void aPhotoPostWithoutADateGoesOutAtOnceOnAllFourIncludingInstagram() {
        int ig = GRAPH.instagramPublished();
        long id = approvedPhoto("Bulbs planted in the garden today", "facebook,instagram,bluesky,mastodon");
        await().atMost(Duration.ofSeconds(20))
                .until(() -> states(id).equals(List.of("PUBLISHED", "PUBLISHED", "PUBLISHED", "PUBLISHED")));
        assertThat(GRAPH.instagramPublished()).isEqualTo(ig + 1);
        assertThat(BLUESKY.posts().values())
                .anySatisfy(r -> assertThat(r.path("embed").path("images")).hasSize(1));
        // The description Ben gave on the "Describe photos" form is what Bluesky shows for the photo.
        assertThat(BLUESKY.posts().values())
                .anySatisfy(r -> assertThat(r.path("embed")
                                .path("images")
                                .path(0)
                                .path("alt")
                                .asString())
                        .isEqualTo("Pupils' hands planting seedlings in the school garden"));
    }

    // ================================================================== crash between the answer and the record

    @Test
    void aCrashBetweenTheNetworksAnswerAndTheRecordStillPublishesOnce() {
        int fb = GRAPH.pagePostsCreated();
        int ig = GRAPH.instagramPublished();
        int bsky = BLUESKY.created();
        int masto = MASTODON.created();
        publisher.afterAnswer = p -> {
            throw new IllegalStateException("the process died here");
        };
        long id = approvedPhoto("Harvest festival collection for the food bank", "facebook,instagram,bluesky,mastodon");
        // Each network answered; nothing was recorded; the rows stay claimed by the instance that died.
        await().atMost(Duration.ofSeconds(20))
                .until(() -> GRAPH.pagePostsCreated() == fb + 1
                        && GRAPH.instagramPublished() == ig + 1
                        && BLUESKY.created() == bsky + 1
                        && MASTODON.created() == masto + 1);
        await().atMost(Duration.ofSeconds(5))
                .until(() -> jdbc.sql("select count(*) from publication where draft_id = ? and state = 'SENDING'")
                                .param(id)
                                .query(Long.class)
                                .single()
                        == 4);
        assertThat(states(id)).containsOnly("SCHEDULED");

        publisher.afterAnswer = p -> {};
        tickAt(clock.instant().plus(Duration.ofMinutes(1)));
        assertThat(states(id))
                .as("a claim younger than the stale limit is left alone")
                .containsOnly("SCHEDULED");
        tickAt(clock.instant().plus(Duration.ofMinutes(2)));
        assertThat(states(id)).containsOnly("PUBLISHED");
        assertThat(GRAPH.pagePostsCreated()).isEqualTo(fb + 1);
        assertThat(GRAPH.instagramPublished()).isEqualTo(ig + 1);
        assertThat(BLUESKY.created()).isEqualTo(bsky + 1);
        assertThat(MASTODON.created()).isEqualTo(masto + 1);
    }

    // ================================================================== failures on the card, and Retry

    @Test
    void anExpiredTokenShowsOnTheCardAndRetryPublishes() {
        int fb = GRAPH.pagePostsCreated();
        GRAPH.failNext(Fault.EXPIRED_TOKEN);
        long id = approvedText("Parents' evening booking opens on Monday.", "facebook", null);
        await().atMost(Duration.ofSeconds(20)).until(() -> states(id).equals(List.of("FAILED")));
        Seen card = card(AMARA, OAKFIELD_REVIEW, id);
        assertThat(card.text()).contains("Facebook: failed: Facebook refused the access token");
        assertThat(card.text()).doesNotContain("fb-token-e2e");
        assertThat(dmTo(BEN, "could not go out on Facebook").text()).contains("An approver can press Retry");
        // The failed publication is a dead letter of the shared outbox: admins see it with the other outboxes'.
        assertThat(adminPage("/admin/outbox"))
                .contains("PUBLISH on facebook of draft " + id, "Facebook refused the access token");
        // A teacher cannot retry; the approver can.
        sandbox.press(BEN, card, PublishingButtons.RETRY);
        settle();
        assertThat(states(id)).containsOnly("FAILED");
        sandbox.press(AMARA, card, PublishingButtons.RETRY);
        await().atMost(Duration.ofSeconds(20)).until(() -> states(id).equals(List.of("PUBLISHED")));
        assertThat(GRAPH.pagePostsCreated()).isEqualTo(fb + 1);
        assertThat(audit(id)).contains("PUBLISH_FAILED", "PUBLICATION_RETRIED", "PUBLISHED");
    }

    @Test
    void aRateLimitWaitsAndGoesOutByItself() {
        int masto = MASTODON.created();
        MASTODON.failNext(Fault.RATE_LIMITED);
        long id = approvedText("Christmas jumper day raised £312.", "mastodon", null);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> jdbc.sql("select attempts from publication where draft_id = ?")
                                .param(id)
                                .query(Integer.class)
                                .single()
                        == 1);
        assertThat(states(id)).containsOnly("SCHEDULED");
        assertThat(card(AMARA, OAKFIELD_REVIEW, id).text())
                .contains("Mastodon: going out (retrying: Mastodon asks us to slow down");
        // Mastodon's X-RateLimit-Reset is the end of its five-minute window: not before it, then by itself.
        tickAt(clock.instant().plus(Duration.ofMinutes(4)));
        assertThat(states(id)).containsOnly("SCHEDULED");
        tickAt(clock.instant().plus(Duration.ofMinutes(2)));
        assertThat(states(id)).containsOnly("PUBLISHED");
        assertThat(MASTODON.created()).isEqualTo(masto + 1);
    }

    @Test
    void aMediaRefusalFailsWithTheNetworksReason() {
        BLUESKY.failNext(Fault.MEDIA_REFUSED);
        long id = approvedPhoto("Sports day photos", "bluesky");
        await().atMost(Duration.ofSeconds(20)).until(() -> states(id).equals(List.of("FAILED")));
        Seen card = card(AMARA, OAKFIELD_REVIEW, id);
        assertThat(card.text()).contains("Bluesky: failed: Bluesky refused a photo");
        assertThat(audit(id)).contains("PUBLISH_FAILED");
        // The photo goes the second time (the fake refused it once): the card's Retry publishes it, once.
        int bsky = BLUESKY.created();
        sandbox.press(AMARA, card, PublishingButtons.RETRY);
        await().atMost(Duration.ofSeconds(20)).until(() -> states(id).equals(List.of("PUBLISHED")));
        assertThat(BLUESKY.created()).isEqualTo(bsky + 1);
        assertThat(card(AMARA, OAKFIELD_REVIEW, id).text()).contains("Bluesky: published");
    }

    @Test
    void aRateLimitThatOutlastsEveryAutomaticTryFailsOnTheCardAndRetryPublishes() {
        int masto = MASTODON.created();
        long id = approvedText("Winter fair in the hall on Saturday.", "mastodon", "2026-11-27");
        // Queued only once the post waits for its time, so no other test's request takes them.
        for (int i = 0; i < Publisher.MAX_AUTOMATIC_ATTEMPTS; i++) MASTODON.failNext(Fault.RATE_LIMITED);
        tickAt(Instant.parse("2026-11-27T16:00:00Z"));
        assertThat(attempts(id)).isEqualTo(1);
        // Each try waits for Mastodon's reset and the backoff (at most an hour); two hours on, the next try is due.
        for (int i = 1; i < Publisher.MAX_AUTOMATIC_ATTEMPTS; i++) {
            assertThat(states(id)).containsOnly("SCHEDULED");
            tickAt(clock.instant().plus(Duration.ofHours(2)));
        }
        assertThat(states(id)).containsOnly("FAILED");
        assertThat(attempts(id)).isEqualTo(Publisher.MAX_AUTOMATIC_ATTEMPTS);
        assertThat(MASTODON.created()).isEqualTo(masto);
        Seen card = card(AMARA, OAKFIELD_REVIEW, id);
        assertThat(card.text()).contains("Mastodon: failed: Mastodon asks us to slow down");
        sandbox.press(AMARA, card, PublishingButtons.RETRY);
        await().atMost(Duration.ofSeconds(20)).until(() -> states(id).equals(List.of("PUBLISHED")));
        assertThat(MASTODON.created()).isEqualTo(masto + 1);
        assertThat(audit(id)).contains("PUBLISH_FAILED", "PUBLICATION_RETRIED", "PUBLISHED");
    }

    int attempts(long id) {
        return jdbc.sql("select attempts from publication where draft_id = ?")
                .param(id)
                .query(Integer.class)
                .single();
    }

    // ================================================================== network rules before approval

    @Test
    void aPhotoAConnectedNetworkWouldRefuseBlocksTheDraftBeforeAnyoneCanApproveIt() throws IOException {
        // Instagram's content publishing takes JPEG only; a PNG stays a PNG through the photo cleaner.
        java.awt.image.BufferedImage image =
                new java.awt.image.BufferedImage(64, 48, java.awt.image.BufferedImage.TYPE_INT_ARGB);
        java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(image, "png", png);
        submitPhoto(
                sandbox,
                "Our Year 2 art display",
                "display.png",
                png.toByteArray(),
                List.of("instagram", "bluesky"),
                null);
        String answer = draftAnswer(sandbox, OAKFIELD_STAFFROOM);
        assertThat(answer).contains("Instagram takes only JPEG photos, and photo 1 is not one");
        assertThat(answer).doesNotContain("Bluesky takes only"); // Bluesky takes PNG
        long id = draftId(answer);
        assertThat(jdbc.sql("select state from draft where id = ?")
                        .param(id)
                        .query(String.class)
                        .single())
                .isEqualTo("BLOCKED");
        settle();
        assertThat(sandbox.botMessages(AMARA, OAKFIELD_REVIEW))
                .as("no review card: nobody can approve it")
                .noneMatch(x -> x.contains("Draft #" + id + " "));
    }

    // ================================================================== takedown on consent withdrawal

    @Test
    void aConsentWithdrawalDeletesEverywhereItCanWithinAMinuteAndTracksInstagram()
            throws IOException, InterruptedException {
        long id = approvedPhoto("Well done Ruby Okafor for her swimming medal", "facebook,instagram,bluesky,mastodon");
        await().atMost(Duration.ofSeconds(20))
                .until(() -> states(id).equals(List.of("PUBLISHED", "PUBLISHED", "PUBLISHED", "PUBLISHED")));
        long scheduled = approvedText("Ruby Okafor reads at assembly next week", "facebook,mastodon", "2026-12-02");
        String fbId = remoteId(id, "facebook");
        String mastoId = remoteId(id, "mastodon");
        assertThat(GRAPH.pagePosts()).containsKey(fbId);

        Instant withdrawn = clock.instant();
        Path consent = CONFIG.resolve("consent.yml");
        Files.writeString(
                consent, Files.readString(consent).replaceFirst("(?m)^(  oakfield:\\s*\\n)", "$1    - Ruby Okafor\n"));
        assertThat(config.reload()).isTrue();
        // Within a minute by the injected clock: the pull itself starts the takedown; a tick 30 s later finishes any
        // wait.
        tickAt(withdrawn.plus(Duration.ofSeconds(30)));
        await().atMost(Duration.ofSeconds(20)).until(() -> !GRAPH.pagePosts().containsKey(fbId));
        assertThat(MASTODON.statuses()).doesNotContainKey(mastoId);
        assertThat(BLUESKY.posts())
                .doesNotContainKey(remoteId(id, "bluesky")
                        .substring(remoteId(id, "bluesky").lastIndexOf('/') + 1));
        assertThat(stateOf(id, "instagram")).isEqualTo("MANUAL");
        assertThat(states(scheduled)).containsOnly("CANCELLED");
        assertThat(jdbc.sql(
                                "select max(taken_down_at) from publication where draft_id = ? and action = 'TAKEDOWN' and state = 'SENT'")
                        .param(id)
                        .query(java.sql.Timestamp.class)
                        .single()
                        .toInstant())
                .isBefore(withdrawn.plus(Duration.ofMinutes(1)));

        // Who must act, and where; the open item; reminders until someone marks it done.
        String igUrl = jdbc.sql("select remote_url from publication where draft_id = ? and network = 'instagram'")
                .param(id)
                .query(String.class)
                .single();
        assertThat(dmTo(BEN, "Media consent has been withdrawn for Ruby Okafor, who is named in Draft #" + id + " ")
                        .text())
                .contains("Staffroom is deleting it from Facebook, Instagram, Bluesky, Mastodon itself");
        assertThat(dmTo(
                                BEN,
                                "Media consent has been withdrawn for Ruby Okafor, who is named in Draft #" + scheduled
                                        + " ")
                        .text())
                .contains("will not go out on Facebook, Mastodon");
        Seen told = dmTo(BEN, "Staffroom cannot delete it there");
        assertThat(told.text()).contains("Instagram", "whoever holds oakfield's Instagram login", igUrl);
        dmTo(AMARA, "Staffroom cannot delete it there");
        assertThat(service.openTakedowns()).extracting(Publication::draftId).contains(id);
        String cookie = org.staffroom.testing.AdminSession.cookie(port, loginLinks);
        String admin = java.net.http.HttpClient.newHttpClient()
                .send(
                        java.net.http.HttpRequest.newBuilder(
                                        java.net.URI.create("http://localhost:" + port + "/admin/takedowns"))
                                .header("Cookie", cookie)
                                .build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString())
                .body();
        assertThat(admin).contains("Posts to take down by hand", igUrl, "Instagram&#39;s API cannot delete posts");
        assertThat(audit(id)).contains("TAKEDOWN_STARTED", "TAKEN_DOWN", "TAKEDOWN_BY_HAND");

        tickAt(clock.instant().plus(Duration.ofHours(25)));
        Seen reminder = dmTo(BEN, "Reminder: Draft #" + id);
        sandbox.press(AMARA, dmTo(AMARA, "Reminder: Draft #" + id), PublishingButtons.TAKEN_DOWN);
        settle();
        assertThat(stateOf(id, "instagram")).isEqualTo("DONE");
        assertThat(service.openTakedowns()).extracting(Publication::draftId).doesNotContain(id);
        assertThat(reminder.text()).contains(igUrl);
    }

    // ================================================================== helpers

    /** Connects Oakfield's four accounts (at the fakes) in a copy of the sample configuration; Oakfield publishes at 16:00. */
    static void connect(Path config, FakeGraph graph, FakeBluesky bluesky, FakeMastodon mastodon) {
        try {
            Path schools = config.resolve("schools.yml");
            String marker = "    index-hashtags: true             # index #tags posted in this school's channels\n";
            Files.writeString(
                    schools,
                    Files.readString(schools)
                            .replaceFirst(
                                    Pattern.quote(marker),
                                    Matcher.quoteReplacement(marker
                                            + """
                        publishing:
                          time: "16:00"
                          accounts:
                            - network: facebook
                              account: "1111"
                              base-url: %s
                              token-env: OAK_FB_TOKEN
                            - network: instagram
                              account: "1784"
                              base-url: %s
                              token-env: OAK_FB_TOKEN
                            - network: bluesky
                              account: oakfield.bsky.social
                              base-url: %s
                              token-env: OAK_BSKY_PASSWORD
                            - network: mastodon
                              account: oakfield
                              base-url: %s
                              token-env: OAK_MASTODON_TOKEN
                    """.formatted(
                                                            graph.baseUrl(),
                                                            graph.baseUrl(),
                                                            bluesky.baseUrl(),
                                                            mastodon.baseUrl()))));
            Files.writeString(
                    config.resolve("trust.yml"),
                    "\npublishing:\n  time: \"09:30\"\n",
                    java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static final class FollowingClock extends Clock {
        volatile Clock target = Clock.systemUTC();

        @Override
        public java.time.ZoneId getZone() {
            return target.getZone();
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return target.withZone(zone);
        }

        @Override
        public Instant instant() {
            return target.instant();
        }
    }

    long approvedText(String text, String networks, String date) {
        Map<String, List<String>> v = new LinkedHashMap<>();
        v.put("text", List.of(text));
        v.put("target", List.of("school"));
        v.put("networks", List.of(networks.split(",")));
        v.put("category", List.of("event"));
        v.put("date", date == null ? List.of() : List.of(date));
        sandbox.command(BEN, OAKFIELD_STAFFROOM, "/draft");
        sandbox.submitForm(BEN, v);
        return approve(lastDraftId(OAKFIELD_STAFFROOM));
    }

    long approvedPhoto(String text, String networks) {
        submitPhoto(
                sandbox,
                text,
                "garden.jpg",
                org.staffroom.drafts.TestPhotos.plainJpeg(64, 48),
                List.of(networks.split(",")),
                null);
        return approve(lastDraftId(OAKFIELD_STAFFROOM));
    }

    /** Ben posts a photo in Oakfield's staffroom and makes it a draft for {@code networks} (and {@code date}, or none). */
    static void submitPhoto(
            SandboxClient sandbox, String text, String fileName, byte[] photo, List<String> networks, String date) {
        sandbox.postWithImage(BEN, OAKFIELD_STAFFROOM, text, fileName, photo);
        Seen original = sandbox.messages(BEN, OAKFIELD_STAFFROOM).stream()
                .filter(m -> m.contains(text))
                .reduce((a, b) -> b)
                .orElseThrow();
        sandbox.messageAction(BEN, original.id(), "drafts.submit-message");
        Map<String, List<String>> v = new LinkedHashMap<>();
        v.put("text", List.of(text));
        v.put("target", List.of("school"));
        v.put("networks", networks);
        v.put("category", List.of("event"));
        v.put("date", date == null ? List.of() : List.of(date));
        v.put("consent", List.of("yes"));
        long before = sandbox.messages(BEN, OAKFIELD_STAFFROOM).stream()
                .mapToLong(Seen::id)
                .max()
                .orElse(0);
        sandbox.submitForm(BEN, v);
        // The connected networks need a description of each photo: Ben gives it from the answer's button.
        Seen answer = await().atMost(Duration.ofSeconds(15))
                .until(
                        () -> sandbox.lastPrivateAnswer(BEN, OAKFIELD_STAFFROOM)
                                .filter(a -> a.id() > before && a.contains("Draft #")),
                        java.util.Optional::isPresent)
                .orElseThrow();
        sandbox.press(BEN, answer, "drafts.alt");
        await().atMost(Duration.ofSeconds(15))
                .until(() -> sandbox.pendingForm(BEN).isPresent());
        sandbox.submitForm(BEN, Map.of("alt.1", List.of("Pupils' hands planting seedlings in the school garden")));
        await().atMost(Duration.ofSeconds(15))
                .until(() -> sandbox.lastPrivateAnswer(BEN, OAKFIELD_STAFFROOM)
                        .filter(a -> a.id() > answer.id())
                        .isPresent());
    }

    /** The bot's answer to Ben's latest draft form in {@code channel}, once it has come. */
    static String draftAnswer(SandboxClient sandbox, String channel) {
        return await().atMost(Duration.ofSeconds(15))
                .until(
                        () -> sandbox.lastPrivateAnswer(BEN, channel)
                                .map(Seen::text)
                                .filter(t -> t.contains("Draft #") || t.contains("draft #")),
                        java.util.Optional::isPresent)
                .orElseThrow();
    }

    /** The draft number in an answer. */
    static long draftId(String answer) {
        Matcher m = Pattern.compile("[Dd]raft #(\\d+)").matcher(answer);
        assertThat(m.find()).as(answer).isTrue();
        return Long.parseLong(m.group(1));
    }

    long lastDraftId(String channel) {
        String answer = draftAnswer(sandbox, channel);
        settle();
        return draftId(answer);
    }

    long approve(long id) {
        sandbox.press(AMARA, card(AMARA, OAKFIELD_REVIEW, id), "approvals.approve");
        settle();
        assertThat(jdbc.sql("select state from draft where id = ?")
                        .param(id)
                        .query(String.class)
                        .single())
                .isIn("APPROVED", "PUBLISHED");
        return id;
    }

    /** Each network's state as people see it (the outbox state and the row's action together). */
    List<String> states(long id) {
        return service.of(id).stream().map(p -> p.state().name()).toList();
    }

    String stateOf(long id, String network) {
        return service.of(id).stream()
                .filter(p -> p.network().equals(network))
                .map(p -> p.state().name())
                .findFirst()
                .orElseThrow();
    }

    String remoteId(long id, String network) {
        return jdbc.sql("select remote_id from publication where draft_id = ? and network = ?")
                .params(id, network)
                .query(String.class)
                .single();
    }

    List<String> audit(long id) {
        return jdbc.sql("select action from review_audit where subject_kind = 'draft' and subject_id = ? order by id")
                .param(String.valueOf(id))
                .query(String.class)
                .list();
    }

    String adminPage(String path) {
        try {
            return java.net.http.HttpClient.newHttpClient()
                    .send(
                            java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + port + path))
                                    .header("Cookie", org.staffroom.testing.AdminSession.cookie(port, loginLinks))
                                    .build(),
                            java.net.http.HttpResponse.BodyHandlers.ofString())
                    .body();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    void settle() {
        assertThat(chat.awaitDelivered(Duration.ofSeconds(15))).isTrue();
    }

    void tickAt(Instant at) {
        clock.set(at);
        ticker.tickNow();
        settle();
    }

    Seen card(String as, String channel, long draftId) {
        settle();
        return sandbox.botMessages(as, channel).stream()
                .filter(m -> m.threadId() == null && !m.ephemeral())
                .filter(m -> m.contains("Draft #" + draftId + " "))
                .reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("no card for draft " + draftId + " in " + channel));
    }

    Seen dmTo(String as, String containing) {
        return await().atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMillis(50))
                .until(
                        () -> sandbox.messages(as, dm(as)).stream()
                                .filter(Seen::bot)
                                .filter(m -> m.contains(containing))
                                .reduce((a, b) -> b),
                        java.util.Optional::isPresent)
                .orElseThrow();
    }
}
