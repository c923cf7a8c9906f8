package org.staffroom.publishing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.staffroom.platforms.Platforms.*;

import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.staffroom.chat.Connectors;
import org.staffroom.chat.InboundEvents;
import org.staffroom.config.Platform;
import org.staffroom.platforms.Platforms;
import org.staffroom.slack.SlackTrust;
import org.staffroom.testing.SampleConfig;
import org.staffroom.testing.StaffroomEndToEnd;
import org.staffroom.testing.StaffroomTest;
import org.staffroom.testing.discord.FakeDiscord;
import org.staffroom.testing.networks.FakeBluesky;
import org.staffroom.testing.networks.FakeGraph;
import org.staffroom.testing.networks.FakeMastodon;
import org.staffroom.testing.slack.FakeSlack;
import org.staffroom.testing.slack.RecordedCall;
import org.staffroom.testing.slack.StoredMessage;
import org.staffroom.testing.slack.StoredView;
import tools.jackson.databind.JsonNode;

/**
 * Publishing after an approval on a real platform: Oakfield (Slack, through Bolt in Socket Mode) and
 * Hillcrest (Discord, through JDA) each have their own Facebook Page, Instagram, Bluesky and Mastodon
 * accounts at the loopback fakes.
 * <ul>
 * <li>A text draft with a wanted date is handed in through each platform's /draft form and approved
 * from its review card (Amara's ✅ button on Slack; Grace's and Omar's Approve on Discord, Hillcrest
 * needing two); it goes out at the school's publishing time on that date, in its own zone, exactly
 * once per network and not a minute before; then the card shows each network's link and the author
 * is told by DM. (Instagram takes photo posts only.)</li>
 * <li>A photo draft is made the way a teacher makes one on each platform: a photo shared in the
 * staffroom, then "Submit as post draft" on it (Slack's message shortcut on a {@code file_share}
 * message, whose file Staffroom downloads with the bot token; Discord's message command on a message
 * with an attachment, fetched from the fake's loopback CDN), the photo described and the date set
 * from the answer's buttons. Approved on the card, it goes out at its time on all four networks,
 * once each, and Instagram fetches the photo from Staffroom's own unguessable address.</li>
 * <li>The process dies between the networks' answers and the record, for a Slack and a Discord
 * draft: after the stale limit the rows are taken over, found on each network by their keys and
 * recorded, still one post per network.</li>
 * </ul>
 *
 * <p>The cases share one application and one clock, which only moves forward (27 November to 3
 * December).
 */
@StaffroomTest
@Import(PublishingFromPlatformsEndToEndTest.Wiring.class)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PublishingFromPlatformsEndToEndTest extends StaffroomEndToEnd {

    static final Duration WAIT = Duration.ofSeconds(15);
    static final FakeSlack SLACK = Platforms.slack();
    static final FakeDiscord DISCORD = Platforms.discord();

    static final FakeGraph OAK_GRAPH = new FakeGraph(CLOCK, "2221", "2784", "oak-fb-token-pf", 0, Duration.ofHours(1));
    static final FakeBluesky OAK_BLUESKY =
            new FakeBluesky(CLOCK, "oakfield.bsky.social", "oak-bsky-pass-pf", 0, Duration.ofMinutes(5));
    static final FakeMastodon OAK_MASTODON =
            new FakeMastodon(CLOCK, "oakfield", "oak-masto-token-pf", 0, Duration.ofMinutes(5));
    static final FakeGraph HILL_GRAPH =
            new FakeGraph(CLOCK, "3331", "3784", "hill-fb-token-pf", 0, Duration.ofHours(1));
    static final FakeBluesky HILL_BLUESKY =
            new FakeBluesky(CLOCK, "hillcrest.bsky.social", "hill-bsky-pass-pf", 0, Duration.ofMinutes(5));
    static final FakeMastodon HILL_MASTODON =
            new FakeMastodon(CLOCK, "hillcrest", "hill-masto-token-pf", 0, Duration.ofMinutes(5));

    static final Path CONFIG = SampleConfig.copy("publishing-platforms");
    static final Path FILES = SampleConfig.folder("publishing-platforms-files");

    static {
        for (String secret : List.of(
                "oak-fb-token-pf",
                "oak-bsky-pass-pf",
                "oak-masto-token-pf",
                "hill-fb-token-pf",
                "hill-bsky-pass-pf",
                "hill-masto-token-pf")) {
            org.staffroom.testing.Secrets.register(secret);
        }
        PlatformDrafts.connect(
                CONFIG,
                "oakfield",
                "16:00",
                "2221",
                "2784",
                OAK_GRAPH,
                "oakfield.bsky.social",
                OAK_BLUESKY,
                "oakfield",
                OAK_MASTODON,
                "OAK_PF");
        PlatformDrafts.connect(
                CONFIG,
                "hillcrest",
                "17:30",
                "3331",
                "3784",
                HILL_GRAPH,
                "hillcrest.bsky.social",
                HILL_BLUESKY,
                "hillcrest",
                HILL_MASTODON,
                "HILL_PF");
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) {
        SampleConfig.register(r, CONFIG, FILES);
        SlackTrust.socketMode(r, SLACK, "500ms");
        discordProperties(r, DISCORD);
        // Photos on Discord come from its CDN: here the fake's loopback one stands in for cdn.discordapp.com.
        r.add(
                "staffroom.discord.attachment-hosts",
                () -> "cdn.discordapp.com,media.discordapp.net," + DISCORD.cdnHost());
        r.add("OAK_PF_FB", () -> "oak-fb-token-pf");
        r.add("OAK_PF_BSKY", () -> "oak-bsky-pass-pf");
        r.add("OAK_PF_MASTODON", () -> "oak-masto-token-pf");
        r.add("HILL_PF_FB", () -> "hill-fb-token-pf");
        r.add("HILL_PF_BSKY", () -> "hill-bsky-pass-pf");
        r.add("HILL_PF_MASTODON", () -> "hill-masto-token-pf");
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class Wiring {
        /** Closed with the context, after both clients have stopped. */
        @Bean(destroyMethod = "close")
        FakeSlack publishingFakeSlack() {
            return SLACK;
        }

        @Bean(destroyMethod = "close")
        FakeDiscord publishingFakeDiscord() {
            return DISCORD;
        }
    }

    @Autowired
    InboundEvents inbound;

    @Autowired
    Connectors connectors;

    @Autowired
    PublishingService service;

    @Autowired
    Publisher publisher;

    PlatformDrafts drafts;

    @BeforeEach
    void bothConnected() {
        Platforms.connected(clock, connectors, Platform.SLACK, Platform.DISCORD);
        drafts = new PlatformDrafts(SLACK, DISCORD, this::settle, jdbc, WAIT);
        publisher.afterAnswer = p -> {};
    }

    @AfterAll
    static void stopNetworks() {
        for (AutoCloseable fake :
                List.<AutoCloseable>of(OAK_GRAPH, OAK_BLUESKY, OAK_MASTODON, HILL_GRAPH, HILL_BLUESKY, HILL_MASTODON)) {
            try {
                fake.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        SampleConfig.delete(CONFIG, FILES);
    }

    @Test
    @Order(1)
    void aDraftApprovedOnSlackGoesOutAtOakfieldsTimeOnItsDateOncePerNetwork() {
        String text = "Our Year 5 choir sings at the town hall on Friday. #OakfieldChoir";
        StoredView modal = openDraftModal(SLACK, BEN, OAKFIELD_STAFFROOM, WAIT);
        Map<String, String> networks = new LinkedHashMap<>();
        networks.put("facebook", "Facebook");
        networks.put("bluesky", "Bluesky");
        networks.put("mastodon", "Mastodon");
        JsonObject form = SLACK.payloads()
                .viewSubmission(BEN, "drafts.new")
                .of(modal)
                .plainText("text", "text", text)
                .staticSelect("target", "target", "school", "Oakfield’s own accounts")
                .multiStaticSelect("networks", "networks", networks)
                .staticSelect("category", "category", "event", "Event")
                .datepicker("date", "date", "2026-11-27")
                .build();
        SLACK.pushInteractive(form).awaitAck(WAIT);
        long id = draftId(SLACK.awaitCall(
                        "chat.postEphemeral",
                        c -> BEN.equals(c.param("user")) && c.param("text").contains("is with the approvers"),
                        WAIT)
                .param("text"));
        settle();

        // Amara presses the card's Approve button (a block_actions payload through Socket Mode).
        drafts.approveOnSlack(id);
        StoredMessage card = drafts.slackCard(id);
        assertThat(states(id)).containsOnly("SCHEDULED");

        int fb = OAK_GRAPH.pagePostsCreated();
        int bsky = OAK_BLUESKY.created();
        int masto = OAK_MASTODON.created();
        // Friday 27 November, Oakfield's 16:00 in London (GMT): not a minute before.
        tickAt(Instant.parse("2026-11-27T15:59:00Z"));
        assertThat(states(id)).containsOnly("SCHEDULED");
        assertThat(OAK_GRAPH.pagePostsCreated()).isEqualTo(fb);
        assertThat(OAK_BLUESKY.created()).isEqualTo(bsky);
        assertThat(OAK_MASTODON.created()).isEqualTo(masto);

        tickAt(Instant.parse("2026-11-27T16:00:00Z"));
        await().atMost(WAIT).until(() -> states(id).equals(List.of("PUBLISHED", "PUBLISHED", "PUBLISHED")));
        // Later ticks publish nothing again.
        tickAt(Instant.parse("2026-11-27T16:10:00Z"));
        tickAt(Instant.parse("2026-11-27T17:00:00Z"));
        settle();
        assertThat(OAK_GRAPH.pagePostsCreated()).isEqualTo(fb + 1);
        assertThat(OAK_BLUESKY.created()).isEqualTo(bsky + 1);
        assertThat(OAK_MASTODON.created()).isEqualTo(masto + 1);
        assertThat(OAK_GRAPH.pagePosts().values())
                .filteredOn(p -> String.valueOf(p.get("message")).contains("Year 5 choir"))
                .hasSize(1);
        assertThat(HILL_GRAPH.pagePosts().values())
                .noneMatch(p -> String.valueOf(p.get("message")).contains("Year 5 choir"));

        // The card, edited in place, shows each network's status and link.
        RecordedCall lastEdit = SLACK.calls("chat.update").stream()
                .filter(c -> c.ok() && card.ts().equals(c.param("ts")))
                .reduce((a, b) -> b)
                .orElseThrow();
        assertThat(lastEdit.param("text") + "\n" + lastEdit.param("blocks"))
                .contains(
                        "Facebook: published",
                        "https://www.facebook.com/2221/posts/",
                        "Bluesky: published",
                        "https://bsky.app/profile/oakfield.bsky.social/post/",
                        "Mastodon: published");
        assertThat(drafts.slackCards(id)).as("edited, not posted again").hasSize(1);
        // Ben is told by DM, with the link.
        await().atMost(WAIT)
                .until(() -> drafts.slackDms(BEN).stream()
                        .anyMatch(t -> t.contains("is out on Bluesky")
                                && t.contains("https://bsky.app/profile/oakfield.bsky.social/post/")));
    }

    @Test
    @Order(2)
    void aDraftApprovedOnDiscordByTwoLeadersGoesOutAtHillcrestsTimeOnItsDateOncePerNetwork() {
        String text = "Science week: Year 8 launch water rockets on the field. #HillcrestScience";
        JsonNode command = DISCORD.awaitInteractionCallback(DISCORD.push(DISCORD.events()
                .slashCommand(HILLCREST_STAFFROOM, HARRY, "draft")
                .subcommand("new")
                .build()));
        assertThat(command.get("type").asInt()).as("the draft form as a modal").isEqualTo(9);
        String customId = command.get("data").get("custom_id").asString();
        JsonNode answer = DISCORD.awaitInteractionCallback(DISCORD.push(DISCORD.events()
                .modalSubmit(HILLCREST_STAFFROOM, HARRY, customId)
                .textInput("text", text)
                .stringSelect("target", "school")
                .stringSelect("networks", "facebook", "bluesky", "mastodon")
                .stringSelect("category", "event")
                .textInput("date", "2026-11-30")
                .build()));
        String said = answer.path("data").path("content").asString("");
        assertThat(said).as("the answer: %s", answer).contains("is with the approvers");
        long id = draftId(said);
        settle();

        // Grace and Omar press the card's Approve button.
        drafts.approveOnDiscord(id);
        FakeDiscord.StoredMessage card = drafts.discordCard(id);
        assertThat(states(id)).containsOnly("SCHEDULED");

        int fb = HILL_GRAPH.pagePostsCreated();
        int bsky = HILL_BLUESKY.created();
        int masto = HILL_MASTODON.created();
        // Monday 30 November, Hillcrest's 17:30 in London (GMT): not a minute before.
        tickAt(Instant.parse("2026-11-30T17:29:00Z"));
        assertThat(states(id)).containsOnly("SCHEDULED");
        assertThat(HILL_GRAPH.pagePostsCreated()).isEqualTo(fb);
        assertThat(HILL_BLUESKY.created()).isEqualTo(bsky);
        assertThat(HILL_MASTODON.created()).isEqualTo(masto);

        tickAt(Instant.parse("2026-11-30T17:30:00Z"));
        await().atMost(WAIT).until(() -> states(id).equals(List.of("PUBLISHED", "PUBLISHED", "PUBLISHED")));
        tickAt(Instant.parse("2026-11-30T17:40:00Z"));
        tickAt(Instant.parse("2026-11-30T18:30:00Z"));
        settle();
        assertThat(HILL_GRAPH.pagePostsCreated()).isEqualTo(fb + 1);
        assertThat(HILL_BLUESKY.created()).isEqualTo(bsky + 1);
        assertThat(HILL_MASTODON.created()).isEqualTo(masto + 1);
        assertThat(HILL_MASTODON.statuses().values())
                .filteredOn(s -> String.valueOf(s.get("content")).contains("water rockets"))
                .hasSize(1);
        assertThat(OAK_MASTODON.statuses().values())
                .noneMatch(s -> String.valueOf(s.get("content")).contains("water rockets"));

        // The card's last edit (a PATCH of the same message) shows each network's status and link.
        List<org.staffroom.testing.discord.RecordedCall> edits =
                DISCORD.calls("PATCH", "channels/" + HILLCREST_REVIEW + "/messages/" + card.id());
        assertThat(edits).isNotEmpty();
        assertThat(shown(edits.get(edits.size() - 1).body()).replace("**", ""))
                .contains(
                        "Facebook: published",
                        "https://www.facebook.com/3331/posts/",
                        "Bluesky: published",
                        "https://bsky.app/profile/hillcrest.bsky.social/post/",
                        "Mastodon: published",
                        "/@hillcrest/");
        assertThat(drafts.discordCards(id)).as("edited, not posted again").hasSize(1);
        // Harry is told by DM, with the link.
        await().atMost(WAIT)
                .until(() -> drafts.discordDms(HARRY).stream()
                        .anyMatch(t -> t.contains("is out on Bluesky")
                                && t.contains("https://bsky.app/profile/hillcrest.bsky.social/post/")));
    }

    // ================================================================== photo drafts, on all four networks

    @Test
    @Order(3)
    void aPhotoDraftFromASlackMessageGoesOutOnAllFourNetworksAtItsTimeAndInstagramFetchesItFromStaffroom() {
        long id = drafts.slackPhotoDraft("Reception's nativity rehearsal in the hall. #OakfieldNativity", "2026-12-01");
        drafts.approveOnSlack(id);
        // Tuesday 1 December, Oakfield's 16:00 in London.
        goesOutOnceAtItsTime(
                id, Instant.parse("2026-12-01T16:00:00Z"), OAK_GRAPH, OAK_BLUESKY, OAK_MASTODON, "nativity rehearsal");
        await().atMost(WAIT)
                .until(() -> drafts.slackDms(BEN).stream().anyMatch(t -> t.contains("is out on Instagram")));
    }

    @Test
    @Order(4)
    void aPhotoDraftFromADiscordMessageGoesOutOnAllFourNetworksAtItsTimeAndInstagramFetchesItFromStaffroom() {
        long id = drafts.discordPhotoDraft("Year 7 art exhibition opens in the library. #HillcrestArt", "2026-12-02");
        drafts.approveOnDiscord(id);
        // Wednesday 2 December, Hillcrest's 17:30 in London.
        goesOutOnceAtItsTime(
                id, Instant.parse("2026-12-02T17:30:00Z"), HILL_GRAPH, HILL_BLUESKY, HILL_MASTODON, "art exhibition");
        await().atMost(WAIT)
                .until(() -> drafts.discordDms(HARRY).stream().anyMatch(t -> t.contains("is out on Instagram")));
    }

    /**
     * The approved photo draft waits on all four networks; nothing goes a minute before {@code at}; at {@code at} it
     * goes out, and later ticks add nothing: one post per network, the photo described, and Instagram fetched it
     * from Staffroom's own address.
     */
    void goesOutOnceAtItsTime(
            long id, Instant at, FakeGraph graph, FakeBluesky bluesky, FakeMastodon mastodon, String words) {
        assertThat(states(id)).containsExactly("SCHEDULED", "SCHEDULED", "SCHEDULED", "SCHEDULED");
        PlatformDrafts.Counts before = PlatformDrafts.Counts.of(graph, bluesky, mastodon);
        int fetched = graph.fetchedPhotoUrls().size();
        tickAt(at.minus(Duration.ofMinutes(1)));
        assertThat(PlatformDrafts.Counts.of(graph, bluesky, mastodon)).isEqualTo(before);
        tickAt(at);
        await().atMost(WAIT).until(() -> states(id).equals(PlatformDrafts.ALL_PUBLISHED));
        tickAt(at.plus(Duration.ofMinutes(10)));
        tickAt(at.plus(Duration.ofHours(1)));
        assertThat(PlatformDrafts.Counts.of(graph, bluesky, mastodon)).isEqualTo(before.plusOne());
        PlatformDrafts.assertPhotoPost(graph, bluesky, mastodon, words);
        assertFetchedFromStaffroom(graph, fetched);
    }

    // ================================================================== a crash between the answer and the record

    @Test
    @Order(5)
    void slackAndDiscordDraftsStillGoOutOncePerNetworkWhenTheProcessDiesBetweenTheAnswerAndTheRecord() {
        long slack = drafts.slackPhotoDraft(
                "Our Christmas jumper day raised £180 for charity. #OakfieldGives", "2026-12-03");
        drafts.approveOnSlack(slack);
        long discord = drafts.discordPhotoDraft(
                "Hillcrest's carol concert is on Thursday evening. #HillcrestMusic", "2026-12-03");
        drafts.approveOnDiscord(discord);

        crashThenRecover(slack, Instant.parse("2026-12-03T16:00:00Z"), OAK_GRAPH, OAK_BLUESKY, OAK_MASTODON);
        crashThenRecover(discord, Instant.parse("2026-12-03T17:30:00Z"), HILL_GRAPH, HILL_BLUESKY, HILL_MASTODON);
        PlatformDrafts.assertPhotoPost(OAK_GRAPH, OAK_BLUESKY, OAK_MASTODON, "Christmas jumper day");
        PlatformDrafts.assertPhotoPost(HILL_GRAPH, HILL_BLUESKY, HILL_MASTODON, "carol concert");
    }

    /**
     * The draft's time comes while every network's answer is lost with the process (the rows stay claimed by it); a
     * minute later the claims are too young to take over; three minutes later they are taken over, each network is
     * asked for the post by its key, and the post is recorded as published without being sent again.
     */
    void crashThenRecover(long id, Instant due, FakeGraph graph, FakeBluesky bluesky, FakeMastodon mastodon) {
        PlatformDrafts.Counts before = PlatformDrafts.Counts.of(graph, bluesky, mastodon);
        publisher.afterAnswer = p -> {
            throw new IllegalStateException("the process died between the network's answer and the record");
        };
        tickAt(due);
        await().atMost(WAIT)
                .until(() -> PlatformDrafts.Counts.of(graph, bluesky, mastodon).equals(before.plusOne()));
        await().atMost(WAIT)
                .until(() -> jdbc.sql("select count(*) from publication where draft_id = ? and state = 'SENDING'")
                                .param(id)
                                .query(Long.class)
                                .single()
                        == 4);
        assertThat(states(id)).containsOnly("SCHEDULED");
        publisher.afterAnswer = p -> {};

        tickAt(due.plus(Duration.ofMinutes(1)));
        assertThat(states(id))
                .as("a claim younger than the stale limit is left alone")
                .containsOnly("SCHEDULED");
        tickAt(due.plus(Duration.ofMinutes(3)));
        await().atMost(WAIT).until(() -> states(id).equals(PlatformDrafts.ALL_PUBLISHED));
        assertThat(service.of(id)).allSatisfy(p -> assertThat(p.remoteUrl()).startsWith("https://"));
        tickAt(due.plus(Duration.ofMinutes(10)));
        PlatformDrafts.Counts after = PlatformDrafts.Counts.of(graph, bluesky, mastodon);
        assertThat(after).as("each network has the post once").isEqualTo(before.plusOne());
        System.out.printf(
                "Draft %d, crash between answer and record, then recovered: Facebook %d, Instagram %d, Bluesky %d, "
                        + "Mastodon %d new posts%n",
                id,
                after.facebook() - before.facebook(),
                after.instagram() - before.instagram(),
                after.bluesky() - before.bluesky(),
                after.mastodon() - before.mastodon());
    }

    // ================================================================== helpers

    /** Instagram fetched the photo from Staffroom's own address, at an unguessable path under /files/. */
    void assertFetchedFromStaffroom(FakeGraph graph, int before) {
        List<String> urls = graph.fetchedPhotoUrls()
                .subList(before, graph.fetchedPhotoUrls().size());
        assertThat(urls).isNotEmpty().allSatisfy(u -> {
            assertThat(u).startsWith("http://localhost:" + port + "/files/");
            assertThat(u.substring(u.lastIndexOf('/') + 1))
                    .as("an unguessable id")
                    .hasSizeGreaterThanOrEqualTo(20);
        });
    }

    @Override
    protected void settle() {
        Platforms.settle(inbound, chat, WAIT);
    }

    /** Each network's publication state for a draft. */
    List<String> states(long id) {
        return service.of(id).stream().map(p -> p.state().name()).toList();
    }
}
