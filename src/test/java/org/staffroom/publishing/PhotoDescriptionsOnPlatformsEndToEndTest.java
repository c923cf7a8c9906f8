package org.staffroom.publishing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.staffroom.platforms.Platforms.*;

import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
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
import org.staffroom.drafts.TestPhotos;
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
import org.staffroom.testing.slack.StoredView;
import tools.jackson.databind.JsonNode;

/**
 * Photo descriptions on the draft form through the real clients. On Slack (Bolt in Socket Mode
 * against the fake), where a modal has room, Ben's photo draft for Oakfield's connected Bluesky and
 * Mastodon has one description field per photo; described there, it goes straight to the approvers,
 * and {@code /draft edit} neither asks again nor loses the description. On Discord (JDA against the
 * fake), whose modal holds five fields, the photo draft's form is the draft's own five and says in
 * its help to describe the photos with "Describe photos" after sending.
 */
@StaffroomTest
@Import(PhotoDescriptionsOnPlatformsEndToEndTest.Wiring.class)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class PhotoDescriptionsOnPlatformsEndToEndTest extends StaffroomEndToEnd {

    static final Duration WAIT = Duration.ofSeconds(15);
    static final FakeSlack SLACK = Platforms.slack();
    static final FakeDiscord DISCORD = Platforms.discord();

    static final Path CONFIG = SampleConfig.copy("photo-descriptions-platforms");
    static final Path FILES = SampleConfig.folder("photo-descriptions-platforms-files");
    static final OakfieldNetworks NETWORKS = OakfieldNetworks.connect("altp", CONFIG);
    static final PublishingEndToEndTest.FollowingClock NETWORK_CLOCK = NETWORKS.clock();
    static final FakeGraph GRAPH = NETWORKS.graph();
    static final FakeBluesky BLUESKY = NETWORKS.bluesky();
    static final FakeMastodon MASTODON = NETWORKS.mastodon();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) {
        SampleConfig.register(r, CONFIG, FILES);
        SlackTrust.socketMode(r, SLACK, "500ms");
        discordProperties(r, DISCORD);
        NETWORKS.register(r);
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class Wiring {
        /** Closed with the context, after both clients have stopped. */
        @Bean(destroyMethod = "close")
        FakeSlack altFakeSlack() {
            return SLACK;
        }

        @Bean(destroyMethod = "close")
        FakeDiscord altFakeDiscord() {
            return DISCORD;
        }
    }

    @Autowired
    InboundEvents inbound;

    @Autowired
    Connectors connectors;

    @BeforeEach
    void bothConnected() {
        NETWORK_CLOCK.target = clock;
        Platforms.connected(clock, connectors, Platform.SLACK, Platform.DISCORD);
    }

    @AfterAll
    static void stopNetworks() {
        NETWORKS.close();
        SampleConfig.delete(CONFIG, FILES);
    }

    @Test
    void onSlackAPhotoDescribedOnTheFirstFormGoesStraightToApprovalAndAnEditKeepsIt() {
        String text = "Our new vegetable beds are ready for spring planting";
        String description = "Four raised wooden beds of dark soil beside the school fence";
        JsonObject share = SLACK.payloads()
                .fileShare(
                        OAKFIELD_STAFFROOM,
                        BEN,
                        text,
                        SLACK.payloads().file("beds.jpg", "image/jpeg", TestPhotos.plainJpeg(64, 48)));
        SLACK.pushEvent(share).awaitAck(WAIT);
        settle();
        int views = SLACK.views().size();
        SLACK.pushInteractive(SLACK.payloads()
                        .messageShortcut(
                                "drafts.submit-message",
                                BEN,
                                OAKFIELD_STAFFROOM,
                                share.get("ts").getAsString()))
                .awaitAck(WAIT);
        SLACK.awaitCall("views.open", c -> c.ok() && c.param("view").contains("drafts.new"), WAIT);
        StoredView modal = await().atMost(WAIT)
                .until(
                        () -> SLACK.views().stream()
                                .skip(views)
                                .filter(v -> "drafts.new".equals(v.callbackId()))
                                .reduce((a, b) -> b),
                        java.util.Optional::isPresent)
                .orElseThrow();
        assertThat(blockIds(modal)).containsExactly("text", "target", "networks", "category", "consent", "alt.1");

        Map<String, String> networks = new LinkedHashMap<>();
        networks.put("bluesky", "Bluesky");
        networks.put("mastodon", "Mastodon");
        SLACK.pushInteractive(SLACK.payloads()
                        .viewSubmission(BEN, "drafts.new")
                        .of(modal)
                        .plainText("text", "text", text)
                        .staticSelect("target", "target", "school", "Oakfield’s own accounts")
                        .multiStaticSelect("networks", "networks", networks)
                        .staticSelect("category", "category", "event", "Event")
                        .staticSelect("consent", "consent", "yes", "Yes: I checked, everyone pictured has consent")
                        .plainText("alt.1", "alt.1", description)
                        .build())
                .awaitAck(WAIT);
        long id = await().atMost(WAIT).until(this::lastDraft, d -> d != null && d > 0);
        settle();
        await().atMost(WAIT).until(() -> draftState(id), "IN_REVIEW"::equals);
        assertThat(altTexts(id)).containsExactly(description);

        // /draft edit: the form does not ask about the described photo; a new text keeps its description.
        int before = SLACK.views().size();
        SLACK.pushSlashCommand(SLACK.payloads().slashCommand("/draft", "edit " + id, BEN, OAKFIELD_STAFFROOM))
                .awaitAck(WAIT);
        StoredView edit = await().atMost(WAIT)
                .until(
                        () -> SLACK.views().stream()
                                .skip(before)
                                .filter(v -> "drafts.edit".equals(v.callbackId()))
                                .reduce((a, b) -> b),
                        java.util.Optional::isPresent)
                .orElseThrow();
        assertThat(blockIds(edit)).doesNotContain("alt.1");
        SLACK.pushInteractive(SLACK.payloads()
                        .viewSubmission(BEN, "drafts.edit")
                        .of(edit)
                        .plainText("text", "text", "Our new vegetable beds are ready: Year 3 sow the first seeds")
                        .multiStaticSelect("networks", "networks", networks)
                        .staticSelect("category", "category", "event", "Event")
                        .staticSelect("consent", "consent", "yes", "Yes: I checked, everyone pictured has consent")
                        .build())
                .awaitAck(WAIT);
        await().atMost(WAIT).until(() -> revision(id), r -> r == 2);
        settle();
        assertThat(draftState(id)).isEqualTo("IN_REVIEW");
        assertThat(altTexts(id)).containsExactly(description);
    }

    @Test
    void onDiscordThePhotoDraftFormKeepsItsFiveFieldsAndSaysWhereToDescribeThePhotos() {
        var posted = DISCORD.push(DISCORD.events()
                .message(HILLCREST_STAFFROOM, HARRY, "Science week: water rockets on the field")
                .attachment("rockets.jpg", "image/jpeg", 1000)
                .build());
        settle();
        JsonNode command = DISCORD.awaitInteractionCallback(DISCORD.push(
                DISCORD.events().messageCommand(HILLCREST_STAFFROOM, HARRY, "Submit as post draft", posted.id())));
        assertThat(command.get("type").asInt())
                .as("the draft form as a modal: %s", command)
                .isEqualTo(9);
        JsonNode components = command.get("data").get("components");
        assertThat(components).hasSize(5);
        JsonNode last = components.get(4);
        assertThat(last.toString()).contains("consent");
        assertThat(last.path("description").asString())
                .isEqualTo("Photo descriptions: after sending, press “Describe photos” (no room here).");
        // No description field was sent, so nothing is asked that Discord would refuse.
        assertThat(command.toString()).doesNotContain("alt.1");
    }

    // ================================================================== helpers

    @Override
    protected void settle() {
        Platforms.settle(inbound, chat, WAIT);
    }

    static List<String> blockIds(StoredView view) {
        List<String> out = new java.util.ArrayList<>();
        for (com.google.gson.JsonElement b : view.view().getAsJsonArray("blocks")) {
            JsonObject block = b.getAsJsonObject();
            if (block.has("block_id")) out.add(block.get("block_id").getAsString());
        }
        return out;
    }

    Long lastDraft() {
        return jdbc.sql("select max(id) from draft where author_name like 'Ben%'")
                .query(Long.class)
                .optional()
                .orElse(null);
    }

    int revision(long id) {
        return jdbc.sql("select revision from draft where id = ?")
                .param(id)
                .query(Integer.class)
                .single();
    }

    List<String> altTexts(long id) {
        return jdbc.sql("select alt_text from draft_image where draft_id = ? order by id")
                .param(id)
                .query(String.class)
                .list();
    }
}
