package org.staffroom.drafts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.staffroom.testing.Sample.*;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.staffroom.testing.LocalHttp;
import org.staffroom.testing.SampleConfig;
import org.staffroom.testing.SandboxClient;
import org.staffroom.testing.SandboxClient.Seen;
import org.staffroom.testing.SandboxDrafts;
import org.staffroom.testing.StaffroomEndToEnd;
import org.staffroom.testing.StaffroomTest;
import org.staffroom.testing.TestClockConfiguration;

/**
 * Consent withdrawal end to end through the sandbox, with the config watcher on at its production
 * interval: the office edits consent.yml and nothing else happens by hand. A refused edit still
 * pulls what its good lines name and is told to admins and approvers; trust-account drafts are
 * checked against every school's list and filed under the author's own school; a pulled post's
 * cards say so and lose their buttons; its undelivered post.approved is cancelled and the webhook
 * events carry an increasing sequence; and the time from the edit to the wall, the feeds, the card
 * and the webhook is measured.
 */
@StaffroomTest
class ConsentEndToEndTest extends StaffroomEndToEnd {

    static final String SECRET = WebhookReceiver.newSecret();
    static final WebhookReceiver WEBHOOK = new WebhookReceiver();
    /** Kate Brennan (trust admin): the bot writes to her home school's space, Hillcrest's Discord. */
    static final String KATE_DISCORD = "discord:1180000000000000001:1180000000000000703";

    static final String ELEANOR_DISCORD = "discord:1180000000000000001:1180000000000000701";
    static final Duration WITHIN = Duration.ofSeconds(10);

    static final Path CONFIG = SampleConfig.copy("consent");
    static final Path FILES = SampleConfig.folder("consent-files");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        SampleConfig.register(registry, CONFIG, FILES);
        WEBHOOK.register(registry, SECRET);
        // The watcher as in production (application.properties), so the measured time includes noticing the edit.
        registry.add("staffroom.config-check-interval", () -> "2s");
    }

    @Autowired
    PublicPosts publicPosts;

    @Autowired
    DraftAudit draftAudit;

    @BeforeEach
    void setUp() {
        clock.set(TestClockConfiguration.START);
    }

    @AfterAll
    static void cleanUp() {
        SampleConfig.delete(CONFIG, FILES);
    }

    // ================================================================== refused edit

    @Test
    void aRefusedEditStillPullsWhatItsGoodLinesNameAndIsToldToAdminsAndApprovers() throws Exception {
        long id = approvedPost(BEN, OAKFIELD_STAFFROOM, AMARA, OAKFIELD_REVIEW, "Noah Ali scored the winning goal!");
        assertThat(publicPosts.find(id)).isPresent();

        appendToConsent("    - Noah Ali\n    - Maisie\n");
        int maisie = lineOf("consent.yml", "- Maisie");
        try {
            awaitWithin(() -> publicPosts.find(id).isEmpty(), "the post is pulled although the edit was refused");
            assertThat(draftState(id)).isEqualTo("APPROVED");
            assertThat(dmTo(BEN, "Media consent has been withdrawn for Noah Ali, who is named in Draft #" + id)
                            .text())
                    .contains("Please take it down from Facebook now");
            String problem = "consent.yml:" + maisie + ":7: 'Maisie': give the pupil's first name and surname";
            // The trust's admin and Oakfield's approvers hear what was kept out, with file:line:col.
            for (String who : List.of(KATE_DISCORD, AMARA, LIAM)) {
                Seen dm = dmTo(who, "An edit of consent.yml was refused: 1 problem(s)");
                assertThat(dm.text())
                        .as(who)
                        .contains(problem, "Every other new name in consent.yml is in force already");
            }
            // Other schools' approvers are not bothered.
            assertThat(dms(CHLOE)).noneMatch(m -> m.contains("consent.yml"));
            awaitWithin(
                    () -> WEBHOOK.about(id).stream().anyMatch(r -> r.body().contains("\"event\":\"post.pulled\"")),
                    "the webhook hears of the pull");
        } finally {
            fixConsent("    - Maisie\n", "");
        }
    }

    // ================================================================== trust account and filing

    @Test
    void trustAccountDraftsAreCheckedAgainstEverySchoolsListAndFiledUnderTheAuthorsOwnSchool() {
        // A Riverside teacher's draft for the trust's account naming Oakfield's listed pupil.
        long trust = submitDraft(
                DAN,
                RIVERSIDE_STAFFROOM,
                form(
                        "Congratulations to Zoë Adebayo of Oakfield on her poetry prize!",
                        "trust",
                        "facebook",
                        "achievement"));
        assertThat(draftState(trust)).isEqualTo("BLOCKED");
        assertThat(lastAnswer(DAN, RIVERSIDE_STAFFROOM))
                .contains("“Zoë Adebayo” is on the school’s no-media-consent list");
        // The same text for Riverside's own page is not checked against Oakfield's list.
        long school = submitDraft(
                DAN,
                RIVERSIDE_STAFFROOM,
                form(
                        "Congratulations to Zoë Adebayo of Oakfield on her poetry prize!",
                        "school",
                        "facebook",
                        "achievement"));
        assertThat(draftState(school)).isEqualTo("IN_REVIEW");

        // Eleanor's school is Oakfield: drafting from Hillcrest's Discord, the draft is Oakfield's and checked against
        // its list.
        long eleanor = submitDraft(
                ELEANOR_DISCORD,
                HILLCREST_STAFFROOM,
                form("Olivia Brown read her story to the governors.", "school", "facebook", "achievement"));
        assertThat(jdbc.sql("select school_id from draft where id = ?")
                        .param(eleanor)
                        .query(String.class)
                        .single())
                .isEqualTo("oakfield");
        assertThat(draftState(eleanor)).isEqualTo("BLOCKED");
        assertThat(lastAnswer(ELEANOR_DISCORD, HILLCREST_STAFFROOM))
                .contains(
                        "“Olivia Brown” is on the school’s no-media-consent list",
                        "Filed under Oakfield, your school in the staff list, although you wrote it in Hillcrest’s space");
    }

    // ================================================================== cards and webhook after a pull

    @Test
    void aPulledPostsCardsSaySoWithoutButtonsAndItsUndeliveredApprovalIsCancelled() throws Exception {
        long id = submitDraft(
                BEN,
                OAKFIELD_STAFFROOM,
                form("Ruby Fletcher painted the class mural.", "school", "facebook", "achievement"));
        WEBHOOK.failures.put(id, new AtomicInteger(1));
        Seen card = card(AMARA, OAKFIELD_REVIEW, id);
        sandbox.press(AMARA, card, "approvals.approve");
        settle();
        tickAt(TestClockConfiguration.START.plusSeconds(30));
        assertThat(WEBHOOK.about(id))
                .singleElement()
                .satisfies(r -> assertThat(r.body())
                        .contains(
                                "\"event\":\"post.approved\"",
                                "\"sequence\":1")); // answered 500: to be retried in a minute
        assertThat(message(AMARA, OAKFIELD_REVIEW, card.id()).text()).contains("Ready to publish");
        assertThat(message(AMARA, OAKFIELD_REVIEW, card.id()).buttons())
                .extracting(SandboxClient.Button::actionId)
                .containsExactly("drafts.published");

        appendToConsent("    - Ruby Fletcher\n");
        awaitWithin(
                () -> message(AMARA, OAKFIELD_REVIEW, card.id()).contains("Pulled — media consent withdrawn"),
                "the card is edited");

        Seen pulled = message(AMARA, OAKFIELD_REVIEW, card.id());
        assertThat(pulled.text())
                .contains("Pulled — media consent withdrawn on Wed 25 Nov 2026")
                .doesNotContain("Ready to publish", "Ruby Fletcher", "Approved by");
        assertThat(pulled.buttons()).isEmpty();
        // A stale client pressing the old button changes nothing.
        sandbox.press(AMARA, card.id(), "drafts.published", String.valueOf(id));
        assertThat(draftState(id)).isEqualTo("APPROVED");

        // The retry of post.approved never goes out: it was cancelled; post.pulled carries a higher sequence.
        awaitWithin(() -> WEBHOOK.about(id).size() == 2, "post.pulled is delivered");
        tickAt(TestClockConfiguration.START.plusSeconds(600));
        List<WebhookReceiver.Received> got = WEBHOOK.about(id);
        assertThat(got).hasSize(2);
        assertThat(got.get(1).body())
                .contains("\"event\":\"post.pulled\"", "\"sequence\":2")
                .doesNotContain("Ruby");
        assertThat(jdbc.sql("select state from draft_webhook where draft_id = ? and event = 'post.approved'")
                        .param(id)
                        .query(String.class)
                        .single())
                .isEqualTo("CANCELLED");
        assertThat(draftAudit.entries(id))
                .extracting(e -> e.detail())
                .anyMatch(d -> d != null && d.contains("post.approved webhook was cancelled"));
    }

    @Test
    void aPupilNamedOnlyInAPhotosDescriptionIsFoundAtSubmissionAndPulledOnWithdrawal() throws Exception {
        // At submission: a listed pupil named only in the description blocks the draft, as in the text.
        long blocked = photoDraft("Our art exhibition opens today", "Zoë Adebayo with her clay sculpture");
        assertThat(draftState(blocked)).isEqualTo("BLOCKED");
        assertThat(lastAnswer(BEN, OAKFIELD_STAFFROOM)).contains("Zoë Adebayo");

        // After approval: the description is published with the photo, so adding its pupil pulls the post.
        long id = photoDraft("Our art exhibition opens today", "Harvey Quinn with his clay sculpture");
        assertThat(draftState(id)).isEqualTo("IN_REVIEW");
        Seen card = card(AMARA, OAKFIELD_REVIEW, id);
        sandbox.press(AMARA, card, "approvals.approve");
        settle();
        assertThat(draftState(id)).isEqualTo("APPROVED");
        appendToConsent("    - Harvey Quinn\n");
        awaitWithin(
                () -> message(AMARA, OAKFIELD_REVIEW, card.id()).contains("Pulled — media consent withdrawn"),
                "the post whose photo description names him is pulled");
        assertThat(dmTo(BEN, "Media consent has been withdrawn for Harvey Quinn, who is named in Draft #" + id))
                .isNotNull();
    }

    /** Ben's one-photo draft from a message, described on the form; its id once chat has delivered. */
    long photoDraft(String text, String description) {
        sandbox.postWithImage(BEN, OAKFIELD_STAFFROOM, text, "art.jpg", TestPhotos.plainJpeg(64, 48));
        Seen original = sandbox.messages(BEN, OAKFIELD_STAFFROOM).stream()
                .filter(m -> text.equals(m.text()))
                .reduce((a, b) -> b)
                .orElseThrow();
        sandbox.messageAction(BEN, original.id(), "drafts.submit-message");
        Map<String, List<String>> v = new java.util.LinkedHashMap<>(form(text, "school", "facebook", "event"));
        v.remove("date");
        v.put("consent", List.of("yes"));
        v.put("alt.1", List.of(description));
        sandbox.submitForm(BEN, v);
        settle();
        return jdbc.sql("select max(id) from draft").query(Long.class).single();
    }

    @Test
    void aTrustPostIsPulledWhenAnotherSchoolListsAPupilItNamesAndEveryStagesCardSaysSo() throws Exception {
        long id = submitDraft(
                BEN,
                OAKFIELD_STAFFROOM,
                form(
                        "Oakfield and Hillcrest cheered Ruby Marsh home at the cross-country final.",
                        "trust",
                        "facebook",
                        "achievement"));
        Seen head = card(AMARA, OAKFIELD_REVIEW, id);
        sandbox.press(AMARA, head, "approvals.approve");
        settle();
        Seen comms = card(ELEANOR_SLACK, TRUST_REVIEW, id);
        sandbox.press(ELEANOR_SLACK, comms, "approvals.approve");
        settle();
        assertThat(draftState(id)).isEqualTo("APPROVED");
        assertThat(publicPosts.find(id)).isPresent();

        // Hillcrest, not Oakfield, lists the pupil: the trust's post speaks for every school, so it comes down.
        fixConsent("schools:\n", "schools:\n  hillcrest:\n    - Ruby Marsh\n");
        awaitWithin(() -> publicPosts.find(id).isEmpty(), "the trust's post is pulled");
        awaitWithin(
                () -> message(AMARA, OAKFIELD_REVIEW, head.id()).contains("Pulled — media consent withdrawn")
                        && message(ELEANOR_SLACK, TRUST_REVIEW, comms.id())
                                .contains("Pulled — media consent withdrawn"),
                "both stages' cards say so");
        assertThat(message(ELEANOR_SLACK, TRUST_REVIEW, comms.id()).buttons()).isEmpty();
        assertThat(message(AMARA, OAKFIELD_REVIEW, head.id()).buttons()).isEmpty();
        assertThat(dmTo(ELEANOR_SLACK, "Media consent has been withdrawn for Ruby Marsh, who is named in Draft #" + id))
                .isNotNull();
    }

    // ================================================================== within ten seconds

    @Test
    void aWithdrawalReachesTheWallTheFeedsTheCardAndTheWebhookWithinTenSeconds() throws Exception {
        String text = "Amir Khan ran the fastest lap at sports day.";
        long id = approvedPost(BEN, OAKFIELD_STAFFROOM, AMARA, OAKFIELD_REVIEW, text);
        Seen card = card(AMARA, OAKFIELD_REVIEW, id);
        assertThat(get("/wall").body()).contains("fastest lap");
        assertThat(get("/feed.json").body()).contains("fastest lap");
        assertThat(get("/feed.rss").body()).contains("fastest lap");
        int deliveriesBefore = WEBHOOK.about(id).size();

        long start = System.nanoTime();
        appendToConsent("    - Amir Khan\n");
        Map<String, Long> reached = new LinkedHashMap<>();
        await().atMost(WITHIN).pollInterval(Duration.ofMillis(50)).until(() -> {
            mark(reached, "wall", start, () -> !get("/wall").body().contains("fastest lap"));
            mark(reached, "feed.json", start, () -> !get("/feed.json").body().contains("fastest lap"));
            mark(reached, "feed.rss", start, () -> !get("/feed.rss").body().contains("fastest lap"));
            mark(
                    reached,
                    "card",
                    start,
                    () -> message(AMARA, OAKFIELD_REVIEW, card.id()).contains("Pulled — media consent withdrawn"));
            mark(
                    reached,
                    "webhook",
                    start,
                    () -> WEBHOOK.about(id).stream()
                            .skip(deliveriesBefore)
                            .anyMatch(r -> r.body().contains("\"event\":\"post.pulled\"")));
            return reached.size() == 5;
        });
        long slowest =
                reached.values().stream().mapToLong(Long::longValue).max().orElseThrow();
        System.out.println("CONSENT WITHDRAWAL reached (ms after the edit of consent.yml, watcher every 2 s): "
                + reached + "; slowest " + slowest + " ms");
        assertThat(Duration.ofMillis(slowest)).isLessThan(WITHIN);
    }

    // ================================================================== helpers

    static void mark(Map<String, Long> reached, String what, long start, BooleanSupplier done) {
        if (!reached.containsKey(what) && done.getAsBoolean())
            reached.put(what, (System.nanoTime() - start) / 1_000_000);
    }

    static void appendToConsent(String lines) throws IOException {
        Files.writeString(CONFIG.resolve("consent.yml"), lines, StandardOpenOption.APPEND);
    }

    static void fixConsent(String from, String to) throws IOException {
        Path p = CONFIG.resolve("consent.yml");
        Files.writeString(p, Files.readString(p).replace(from, to));
    }

    static int lineOf(String file, String text) throws IOException {
        List<String> lines = Files.readAllLines(CONFIG.resolve(file));
        for (int i = 0; i < lines.size(); i++) if (lines.get(i).contains(text)) return i + 1;
        throw new AssertionError(text + " not in " + file);
    }

    static void awaitWithin(java.util.concurrent.Callable<Boolean> condition, String what) {
        await(what).atMost(WITHIN).pollInterval(Duration.ofMillis(50)).until(condition);
    }

    /** Submits, has {@code approver} approve it by the card's button, and returns the approved draft's id. */
    long approvedPost(String author, String channel, String approver, String reviewChannel, String text) {
        long id = submitDraft(author, channel, form(text, "school", "facebook", "achievement"));
        sandbox.press(approver, card(approver, reviewChannel, id), "approvals.approve");
        settle();
        assertThat(draftState(id)).isEqualTo("APPROVED");
        return id;
    }

    static Map<String, List<String>> form(String text, String target, String networks, String category) {
        return SandboxDrafts.form(text, target, networks, category, "");
    }

    /** The latest DM to {@code as} containing the text, waiting for it as long as a withdrawal may take. */
    Seen dmTo(String as, String containing) {
        try {
            return await().atMost(WITHIN)
                    .pollInterval(Duration.ofMillis(50))
                    .until(
                            () -> dms(as).stream()
                                    .filter(m -> m.contains(containing))
                                    .reduce((a, b) -> b),
                            java.util.Optional::isPresent)
                    .orElseThrow();
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("no DM to " + as + " containing: " + containing + "\n" + dms(as), e);
        }
    }

    HttpResponse<String> get(String path) {
        return LocalHttp.get(port, path);
    }
}
