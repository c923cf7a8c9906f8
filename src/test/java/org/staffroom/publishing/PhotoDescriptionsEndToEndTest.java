package org.staffroom.publishing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.staffroom.testing.Sample.*;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.staffroom.directory.Directory;
import org.staffroom.drafts.DraftsDashboard;
import org.staffroom.drafts.TestPhotos;
import org.staffroom.testing.SampleConfig;
import org.staffroom.testing.SandboxClient.Seen;
import org.staffroom.testing.StaffroomEndToEnd;
import org.staffroom.testing.StaffroomTest;
import org.staffroom.testing.TestClockConfiguration;
import org.staffroom.testing.networks.FakeBluesky;
import org.staffroom.testing.networks.FakeGraph;
import org.staffroom.testing.networks.FakeMastodon;
import tools.jackson.databind.JsonNode;

/**
 * Photo descriptions (alt text) on the draft form itself, through the sandbox, with Oakfield's
 * Bluesky and Mastodon connected (both need a description of every photo): a photo draft described
 * on its first form goes straight to the approvers; an edit keeps the description and does not ask
 * again; a photo that came without one blocks the draft with what to do, and "Describe photos"
 * fixes it; the draft's page shows each description beside its photo, and the audit log says which
 * photo's description changed.
 */
@StaffroomTest
class PhotoDescriptionsEndToEndTest extends StaffroomEndToEnd {

    static final Path CONFIG = SampleConfig.copy("photo-descriptions");
    static final Path FILES = SampleConfig.folder("photo-descriptions-files");
    static final OakfieldNetworks NETWORKS = OakfieldNetworks.connect("alt", CONFIG);
    static final PublishingEndToEndTest.FollowingClock CLOCK = NETWORKS.clock();
    static final FakeGraph GRAPH = NETWORKS.graph();
    static final FakeBluesky BLUESKY = NETWORKS.bluesky();
    static final FakeMastodon MASTODON = NETWORKS.mastodon();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        SampleConfig.register(registry, CONFIG, FILES);
        NETWORKS.register(registry);
    }

    @Autowired
    DraftsDashboard dashboard;

    @Autowired
    Directory directory;

    @BeforeEach
    void setUp() {
        clock.set(TestClockConfiguration.START);
        CLOCK.target = clock;
    }

    @AfterAll
    static void stop() {
        NETWORKS.close();
        SampleConfig.delete(CONFIG, FILES);
    }

    @Test
    void aPhotoDescribedOnTheFirstFormGoesStraightToApprovalAndAnEditKeepsTheDescription() {
        JsonNode form = photoDraftForm("Our new vegetable beds are ready for spring planting", "beds.jpg");
        // One description field per photo, after the draft's own five.
        assertThat(fieldIds(form)).containsExactly("text", "target", "networks", "category", "consent", "alt.1");
        Map<String, List<String>> v = answers("Our new vegetable beds are ready for spring planting");
        v.put("alt.1", List.of("Four raised wooden beds of dark soil <b>beside</b> the school fence"));
        sandbox.submitForm(BEN, v);
        settle();
        long id = lastDraft();
        assertThat(draftState(id)).isEqualTo("IN_REVIEW");
        assertThat(lastAnswer(BEN, OAKFIELD_STAFFROOM)).contains("is with the approvers");
        assertThat(altTexts(id)).containsExactly("Four raised wooden beds of dark soil <b>beside</b> the school fence");

        // Ben edits the text: the form does not ask about the described photo again, and the description stays.
        Seen answer = sandbox.lastPrivateAnswer(BEN, OAKFIELD_STAFFROOM).orElseThrow();
        sandbox.press(BEN, answer, "drafts.edit");
        JsonNode edit = sandbox.pendingForm(BEN).orElseThrow();
        assertThat(fieldIds(edit)).doesNotContain("alt.1");
        Map<String, List<String>> e = new LinkedHashMap<>();
        e.put("text", List.of("Our new vegetable beds are ready: Year 3 plant the first seeds on Monday"));
        e.put("networks", List.of("bluesky", "mastodon"));
        e.put("category", List.of("event"));
        e.put("consent", List.of("yes"));
        e.put("date", List.of());
        sandbox.submitForm(BEN, e);
        settle();
        assertThat(lastAnswer(BEN, OAKFIELD_STAFFROOM)).contains("is with the approvers");
        assertThat(draftState(id)).isEqualTo("IN_REVIEW");
        assertThat(altTexts(id)).containsExactly("Four raised wooden beds of dark soil <b>beside</b> the school fence");

        // The draft's page shows the description beside its photo, as the author typed it (the template escapes it).
        var photo = dashboard
                .detail(directory.caller(actor(BEN), null), id, Locale.UK)
                .orElseThrow()
                .current()
                .photos()
                .get(0);
        assertThat(photo.description())
                .isEqualTo("Four raised wooden beds of dark soil <b>beside</b> the school fence");
        assertThat(photo.alt()).isEqualTo(photo.description());
        assertThat(audit(id)).contains("1 described").doesNotContain("PHOTO_DESCRIBED");
    }

    @Test
    void aPhotoWithoutADescriptionSaysWhatToDoAndDescribePhotosLetsItThrough() {
        photoDraftForm("Sports day relay: well run, everyone!", "relay.jpg");
        sandbox.submitForm(BEN, answers("Sports day relay: well run, everyone!"));
        settle();
        long id = lastDraft();
        assertThat(draftState(id)).isEqualTo("BLOCKED");
        Seen answer = sandbox.lastPrivateAnswer(BEN, OAKFIELD_STAFFROOM).orElseThrow();
        assertThat(answer.text())
                .contains("Photo 1 has no description (alt text), and Bluesky, Mastodon needs one.")
                .contains("Press “Describe photos” and say what it shows.");

        sandbox.press(BEN, answer, "drafts.alt");
        JsonNode alt = sandbox.pendingForm(BEN).orElseThrow();
        assertThat(fieldIds(alt)).containsExactly("alt.1");
        sandbox.submitForm(BEN, Map.of("alt.1", List.of("Four pupils passing a baton on the running track")));
        settle();
        assertThat(draftState(id)).isEqualTo("IN_REVIEW");
        assertThat(altTexts(id)).containsExactly("Four pupils passing a baton on the running track");
        // The audit log says which photo's description changed, not the words (it outlives the draft's content).
        assertThat(audit(id))
                .contains("PHOTO_DESCRIBED photo 1: description set (48 characters)")
                .doesNotContain("baton");
    }

    // ================================================================== helpers

    /** Ben posts a photo in Oakfield's staffroom and opens the draft form on it; the form as the sandbox shows it. */
    JsonNode photoDraftForm(String text, String fileName) {
        sandbox.postWithImage(BEN, OAKFIELD_STAFFROOM, text, fileName, TestPhotos.plainJpeg(64, 48));
        Seen original = sandbox.messages(BEN, OAKFIELD_STAFFROOM).stream()
                .filter(m -> m.contains(text))
                .reduce((a, b) -> b)
                .orElseThrow();
        sandbox.messageAction(BEN, original.id(), "drafts.submit-message");
        return sandbox.pendingForm(BEN).orElseThrow();
    }

    static Map<String, List<String>> answers(String text) {
        Map<String, List<String>> v = new LinkedHashMap<>();
        v.put("text", List.of(text));
        v.put("target", List.of("school"));
        v.put("networks", List.of("bluesky", "mastodon"));
        v.put("category", List.of("event"));
        v.put("consent", List.of("yes"));
        return v;
    }

    static List<String> fieldIds(JsonNode pending) {
        JsonNode fields = pending.path("form").path("form").path("fields");
        if (fields.isMissingNode()) fields = pending.path("form").path("fields");
        List<String> out = new java.util.ArrayList<>();
        for (JsonNode f : fields) out.add(f.path("id").asString());
        return out;
    }

    long lastDraft() {
        return jdbc.sql("select max(id) from draft").query(Long.class).single();
    }

    List<String> altTexts(long id) {
        return jdbc.sql("select alt_text from draft_image where draft_id = ? order by id")
                .param(id)
                .query(String.class)
                .list();
    }

    String audit(long id) {
        return String.join(
                "\n",
                jdbc.sql(
                                "select action || ' ' || coalesce(detail, '') from review_audit where subject_kind = 'draft' and subject_id = ? order by id")
                        .param(String.valueOf(id))
                        .query(String.class)
                        .list());
    }

    static org.staffroom.chat.Actor actor(String userKey) {
        return new org.staffroom.chat.Actor(org.staffroom.chat.UserRef.parse(userKey), "Ben", java.util.Set.of());
    }
}
