package org.staffroom.drafts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.staffroom.testing.Sample.*;
import static org.staffroom.testing.SandboxDrafts.form;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.staffroom.chat.Actor;
import org.staffroom.chat.ChannelRef;
import org.staffroom.chat.ChatEvent;
import org.staffroom.chat.InboundEvents;
import org.staffroom.chat.MessageRef;
import org.staffroom.chat.UserRef;
import org.staffroom.config.TrustConfig;
import org.staffroom.testing.SampleConfig;
import org.staffroom.testing.SandboxClient;
import org.staffroom.testing.SandboxClient.Seen;
import org.staffroom.testing.StaffroomEndToEnd;
import org.staffroom.testing.StaffroomTest;
import org.staffroom.testing.TestClockConfiguration;

/**
 * Drafts and approvals end to end through the sandbox (the real adapter behind the chat port),
 * with a controlled clock: submission by command, message action and DM; privacy checks that
 * keep drafts from approvers; decisions by reaction and by button on Slack- and Discord-space
 * schools; quorum, two stages, refusals, withdrawn votes, duplicates, races; revisions;
 * reminders, escalation, expiry; webhook, consent withdrawal, purge and the audit log.
 */
@StaffroomTest
@ExtendWith(OutputCaptureExtension.class)
class DraftsEndToEndTest extends StaffroomEndToEnd {

    static final String SECRET = WebhookReceiver.newSecret();
    static final WebhookReceiver WEBHOOK = new WebhookReceiver();

    static final Path CONFIG = SampleConfig.copy("drafts");
    static final Path FILES = SampleConfig.folder("drafts-files");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        SampleConfig.register(registry, CONFIG, FILES);
        WEBHOOK.register(registry, SECRET);
    }

    @Autowired
    InboundEvents inbound;

    @Autowired
    TrustConfig trustConfig;

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

    // ================================================================== happy paths

    @Test
    void aCleanDraftInOakfieldIsApprovedByAReactionAndTheAuthorGetsTheFinalCopy() {
        long id = submitDraft(
                BEN,
                OAKFIELD_STAFFROOM,
                form(
                        "Year 4 built a rainforest in the hall today! 🌳",
                        "school",
                        "facebook,x",
                        "behind-the-scenes",
                        ""));
        assertThat(lastAnswer(BEN, OAKFIELD_STAFFROOM))
                .contains("Draft #" + id + " is with the approvers (Head teacher sign-off)");

        Seen card = card(AMARA, OAKFIELD_REVIEW, id);
        assertThat(card.text())
                .contains(
                        "Head teacher sign-off (stage 1 of 1)",
                        "Year 4 built a rainforest",
                        "Ben Hughes, Oakfield",
                        "Facebook: 46 of 63,206 characters",
                        "X: 46 of 280 characters",
                        "Waiting for a decision");
        assertThat(card.buttons())
                .extracting(SandboxClient.Button::actionId)
                .containsExactly("approvals.approve", "approvals.changes", "approvals.reject");
        assertThat(card.reactions()).containsKeys("✅", "❌", "✏️");

        sandbox.react(AMARA, card.id(), "✅");
        settle();

        Seen decided = message(AMARA, OAKFIELD_REVIEW, card.id());
        assertThat(decided.text()).contains("✅ Approved by Amara Okafor on 25 Nov 2026, 07:00", "Ready to publish");
        assertThat(decided.buttons()).extracting(SandboxClient.Button::actionId).containsExactly("drafts.published");
        assertThat(draftState(id)).isEqualTo("APPROVED");
        Seen finalCopy = dmTo(BEN, "Draft #" + id + " (Oakfield) is approved by Amara Okafor");
        assertThat(finalCopy.text()).contains("ready to post on Facebook, X", "Year 4 built a rainforest");
        assertThat(publicPosts.latest(50)).anySatisfy(p -> {
            assertThat(p.id()).isEqualTo(id);
            assertThat(p.text()).isEqualTo("Year 4 built a rainforest in the hall today! 🌳");
        });

        // Marking it published: button on the final copy, then a form for the link.
        sandbox.press(BEN, finalCopy, "drafts.published");
        sandbox.submitForm(BEN, Map.of("url", List.of("https://facebook.com/oakfield/posts/1")));
        assertThat(draftState(id)).isEqualTo("PUBLISHED");
        assertThat(publicPosts.find(id))
                .get()
                .satisfies(p -> assertThat(p.publishedUrl()).isEqualTo("https://facebook.com/oakfield/posts/1"));
        tickAt(TestClockConfiguration.START.plusSeconds(30));

        // Every step, who took it and where, in order.
        assertThat(draftAudit.entries(id))
                .extracting(e -> e.action() + " " + (e.actorName() == null ? "-" : e.actorName()) + " "
                        + (e.platform() == null ? "-" : e.platform()))
                .containsSubsequence(
                        "SUBMITTED Ben Hughes SLACK",
                        "REVIEW_OPENED - -",
                        "STAGE_OPENED - -",
                        "VOTE Amara Okafor SLACK",
                        "DECIDED Amara Okafor SLACK",
                        "PUBLISHED Ben Hughes SLACK",
                        "WEBHOOK_SENT - -");
        assertThat(draftAudit.csv(id))
                .contains(
                        "DECIDED,Amara Okafor,amara-okafor,slack,head,approved (1 of 1)",
                        "PUBLISHED,Ben Hughes,ben-hughes,slack,,link recorded");
    }

    @Test
    void aCleanDraftInSevillaIsApprovedByTheButtonInSpanish() {
        long id = submitDraft(
                JAVIER,
                SEVILLA_STAFFROOM,
                form(
                        "¡Nuestro equipo de robótica ha ganado el torneo regional!",
                        "school",
                        "instagram,facebook",
                        "achievement",
                        ""));
        // Instagram needs a photo: that is a network limit, so it blocks, with what to change in Spanish.
        assertThat(draftState(id)).isEqualTo("BLOCKED");
        assertThat(lastAnswer(JAVIER, SEVILLA_STAFFROOM))
                .contains(
                        "El borrador n.º " + id + " aún no puede ir a los aprobadores",
                        "Instagram necesita al menos una foto");

        sandbox.press(JAVIER, lastAnswerSeen(JAVIER, SEVILLA_STAFFROOM), "drafts.edit");
        sandbox.submitForm(
                JAVIER,
                Map.of(
                        "text",
                        List.of("¡Nuestro equipo de robótica ha ganado el torneo regional!"),
                        "networks",
                        List.of("facebook"),
                        "category",
                        List.of("achievement"),
                        "date",
                        List.of("")));
        assertThat(draftState(id)).isEqualTo("IN_REVIEW");
        assertThat(lastAnswer(JAVIER, SEVILLA_STAFFROOM))
                .contains("La revisión 2 del borrador n.º " + id + " vuelve a estar con los aprobadores");

        Seen card = card(ISABEL, SEVILLA_REVIEW, id);
        assertThat(card.text()).contains("Revisión · Head teacher sign-off (fase 1 de 1)", "Javier Moreno, Sevilla");
        sandbox.press(ISABEL, card, "approvals.approve");
        assertThat(lastAnswer(ISABEL, SEVILLA_REVIEW)).isEqualTo("Has aprobado Borrador n.º " + id + " (Sevilla).");
        settle();

        assertThat(message(ISABEL, SEVILLA_REVIEW, card.id()).text())
                .contains("✅ Aprobado por Isabel García el 25 nov 2026");
        assertThat(draftState(id)).isEqualTo("APPROVED");
        assertThat(dmTo(JAVIER, "está aprobado por Isabel García").text()).contains("lista para publicar en Facebook");
    }

    @Test
    void aTrustPostNeedsTheHeadThenTheCommsLeadAndNobodyApprovesTwoStages() {
        long id = submitDraft(
                BEN,
                OAKFIELD_STAFFROOM,
                form("Oakfield joins the trust’s reading challenge.", "trust", "facebook", "notice", ""));
        Seen head = card(AMARA, OAKFIELD_REVIEW, id);
        assertThat(head.text()).contains("(stage 1 of 2)", "the trust’s account (Northwold Learning Trust)");

        sandbox.react(AMARA, head.id(), "✅");
        settle();
        assertThat(message(AMARA, OAKFIELD_REVIEW, head.id()).text())
                .contains("Approved by Amara Okafor", "Next: Trust communications.");
        assertThat(draftState(id)).isEqualTo("IN_REVIEW");
        assertThat(dmTo(BEN, "passed “Head teacher sign-off”").text())
                .contains("It is now with “Trust communications”");

        Seen comms = card(ELEANOR_SLACK, TRUST_REVIEW, id);
        assertThat(comms.text()).contains("Trust communications (stage 2 of 2)");
        // Amara approved stage 1 and is not a stage 2 approver: refused, nothing changes.
        sandbox.press(AMARA, comms, "approvals.approve");
        assertThat(lastAnswer(AMARA, TRUST_REVIEW)).contains("Only Eleanor Shaw can decide");
        assertThat(draftState(id)).isEqualTo("IN_REVIEW");

        sandbox.press(ELEANOR_SLACK, comms, "approvals.approve");
        settle();
        assertThat(draftState(id)).isEqualTo("APPROVED");
        assertThat(message(ELEANOR_SLACK, TRUST_REVIEW, comms.id()).text())
                .contains("Approved by Eleanor Shaw", "Ready to publish");
    }

    @Test
    void hillcrestNeedsTwoApprovalsAndARemovedReactionWithdrawsAVote() {
        long id = submitDraft(
                HARRY,
                HILLCREST_STAFFROOM,
                form("Science week: Year 9 launched water rockets.", "school", "facebook", "event", ""));
        Seen card = card(GRACE, HILLCREST_REVIEW, id);
        assertThat(card.text()).contains("Leadership sign-off (two of the team)", "Approvals so far: 0 of 2");

        sandbox.react(GRACE, card.id(), "✅");
        settle();
        assertThat(message(GRACE, HILLCREST_REVIEW, card.id()).text())
                .contains("Approvals so far: 1 of 2 needed (Grace Lin)");

        // Grace changes her mind before the stage is decided: her vote goes.
        sandbox.unreact(GRACE, card.id(), "✅");
        settle();
        assertThat(message(GRACE, HILLCREST_REVIEW, card.id()).text()).contains("Approvals so far: 0 of 2");
        assertThat(votes(id)).isZero();

        sandbox.react(OMAR, card.id(), "✅");
        settle();
        assertThat(draftState(id)).isEqualTo("IN_REVIEW");
        sandbox.react(GRACE, card.id(), "✅");
        settle();
        assertThat(draftState(id)).isEqualTo("APPROVED");
        assertThat(message(GRACE, HILLCREST_REVIEW, card.id()).text()).contains("Approved by Omar Haddad, Grace Lin");
        // A reaction removed after the decision changes nothing.
        sandbox.unreact(OMAR, card.id(), "✅");
        settle();
        assertThat(draftState(id)).isEqualTo("APPROVED");
    }

    @Test
    void aRejectionByReactionIsTakenBackByRemovingTheReactionWithinTwoMinutesAndNotAfter() {
        long id = submitDraft(
                DAN,
                RIVERSIDE_STAFFROOM,
                form("Year 2 planted bulbs for spring.", "school", "facebook", "behind-the-scenes", ""));
        Seen card = card(CHLOE, RIVERSIDE_REVIEW, id);

        // A mis-click: Chloe's ❌ rejects at once and she is asked privately for the reason, with the way back.
        sandbox.react(CHLOE, card.id(), "❌");
        settle();
        assertThat(draftState(id)).isEqualTo("REJECTED");
        assertThat(dmTo(CHLOE, "You rejected Draft #" + id).text())
                .contains("Remove your reaction within 2 minutes to take the decision back");
        assertThat(message(CHLOE, RIVERSIDE_REVIEW, card.id()).buttons()).isEmpty();

        clock.set(TestClockConfiguration.START.plusSeconds(100));
        sandbox.unreact(CHLOE, card.id(), "❌");
        settle();
        assertThat(draftState(id)).isEqualTo("IN_REVIEW");
        Seen reopened = message(CHLOE, RIVERSIDE_REVIEW, card.id());
        assertThat(reopened.text())
                .contains("Waiting for a decision.", "Chloe Patel took back their decision by removing the reaction")
                .doesNotContain("Rejected by");
        assertThat(reopened.buttons())
                .extracting(SandboxClient.Button::actionId)
                .containsExactly("approvals.approve", "approvals.changes", "approvals.reject");
        assertThat(dmTo(DAN, "Chloe Patel took back their decision on Draft #" + id)
                        .text())
                .contains("with the approvers again");
        assertThat(dmTo(CHLOE, "You took back your decision on Draft #" + id).text())
                .contains("its author has been told");

        // Rejected again, and this time the reaction comes off too late: the rejection stands.
        sandbox.react(CHLOE, card.id(), "❌");
        settle();
        assertThat(draftState(id)).isEqualTo("REJECTED");
        clock.set(TestClockConfiguration.START.plusSeconds(100 + 121));
        sandbox.unreact(CHLOE, card.id(), "❌");
        settle();
        assertThat(draftState(id)).isEqualTo("REJECTED");
        assertThat(message(CHLOE, RIVERSIDE_REVIEW, card.id()).text()).contains("Rejected by Chloe Patel");
        assertThat(dmTo(CHLOE, "Your decision on Draft #" + id).text()).contains("stands", "only within 2 minutes");
        assertThat(draftAudit.entries(id))
                .extracting(e -> e.action())
                .containsSubsequence("DECIDED", "DECISION_UNDONE", "DECIDED", "UNDO_REFUSED");
    }

    @Test
    void aPublishedDraftsCardSaysWhereItWentAndHasNoButtonLeft() {
        long id = submitDraft(
                BEN, OAKFIELD_STAFFROOM, form("The choir sang at the care home.", "school", "facebook", "event", ""));
        Seen card = card(AMARA, OAKFIELD_REVIEW, id);
        sandbox.press(AMARA, card, "approvals.approve");
        settle();
        assertThat(message(AMARA, OAKFIELD_REVIEW, card.id()).text()).contains("Ready to publish.");

        Seen finalCopy = dmTo(BEN, "Draft #" + id + " (Oakfield) is approved");
        sandbox.press(BEN, finalCopy, "drafts.published");
        sandbox.submitForm(BEN, Map.of("url", List.of("https://facebook.com/oakfield/posts/7")));
        settle();
        Seen published = message(AMARA, OAKFIELD_REVIEW, card.id());
        assertThat(published.text())
                .contains("Published by Ben Hughes: https://facebook.com/oakfield/posts/7")
                .doesNotContain("Ready to publish");
        assertThat(published.buttons()).isEmpty();
    }

    // ================================================================== privacy checks stop drafts

    @Test
    void aDraftNamingANoConsentPupilOrCarryingAPhoneNumberNeverReachesApprovers() {
        int cardsBefore = sandbox.botMessages(AMARA, OAKFIELD_REVIEW).size();
        long id = submitDraft(
                BEN,
                OAKFIELD_STAFFROOM,
                form(
                        "Well done Z. Adebayo for the poem! Parents can call 07700 900123.",
                        "school",
                        "facebook",
                        "achievement",
                        ""));

        String answer = lastAnswer(BEN, OAKFIELD_STAFFROOM);
        assertThat(answer)
                .contains(
                        "Draft #" + id + " can’t go to the approvers yet",
                        "“Z. Adebayo” is on the school’s no-media-consent list",
                        "“07700 900123” looks like a phone number");
        assertThat(lastAnswerSeen(BEN, OAKFIELD_STAFFROOM).buttons())
                .extracting(SandboxClient.Button::actionId)
                .contains("drafts.edit");
        settle();
        assertThat(draftState(id)).isEqualTo("BLOCKED");
        assertThat(sandbox.botMessages(AMARA, OAKFIELD_REVIEW)).hasSize(cardsBefore);
        assertThat(reviewOf(id)).isNull();
        // The audit log says what kind of problem, never the pupil's name or the number.
        String csv = draftAudit.csv(id);
        assertThat(csv)
                .contains("SUBMITTED", "FINDINGS", "block: no-consent-name phone", "BLOCKED")
                .doesNotContain("Adebayo", "07700");

        // Fixing it sends it to the approvers.
        sandbox.press(BEN, lastAnswerSeen(BEN, OAKFIELD_STAFFROOM), "drafts.edit");
        assertThat(sandbox.pendingForm(BEN).orElseThrow().toString()).contains("Well done Z. Adebayo");
        sandbox.submitForm(
                BEN,
                Map.of(
                        "text",
                        List.of("Well done to our poets!"),
                        "networks",
                        List.of("facebook"),
                        "category",
                        List.of("achievement"),
                        "date",
                        List.of("")));
        assertThat(draftState(id)).isEqualTo("IN_REVIEW");
        assertThat(card(AMARA, OAKFIELD_REVIEW, id).text())
                .contains("Well done to our poets!", "Revision: 2")
                .doesNotContain("Adebayo");
    }

    @Test
    void aPhotoWhoseFileNameNamesANoConsentPupilIsRefusedAndNothingIsStored() {
        long draftsBefore =
                jdbc.sql("select count(*) from draft").query(Long.class).single();
        sandbox.postWithImage(
                BEN,
                OAKFIELD_STAFFROOM,
                "Relay photos from the field",
                "Zoe_Adebayo_sports_day.jpg",
                TestPhotos.plainJpeg(30, 20));
        Seen original = sandbox.messages(BEN, OAKFIELD_STAFFROOM).stream()
                .filter(m -> m.contains("Relay photos from the field"))
                .reduce((a, b) -> b)
                .orElseThrow();
        sandbox.messageAction(BEN, original.id(), "drafts.submit-message");
        sandbox.submitForm(
                BEN,
                Map.of(
                        "text",
                        List.of("Relay photos from the field"),
                        "target",
                        List.of("school"),
                        "networks",
                        List.of("facebook"),
                        "category",
                        List.of("event"),
                        "consent",
                        List.of("yes")));

        assertThat(lastAnswer(BEN, OAKFIELD_STAFFROOM))
                .contains("The file name “Zoe_Adebayo_sports_day.jpg” names Zoë Adebayo", "Rename the file");
        assertThat(jdbc.sql("select count(*) from draft").query(Long.class).single())
                .isEqualTo(draftsBefore);
    }

    @Test
    void photosWithoutTheConsentConfirmationAreBlockedAndStoredPhotosCarryNoLocation() throws Exception {
        sandbox.postWithImage(
                BEN, OAKFIELD_STAFFROOM, "Our new library corner", "library.jpg", TestPhotos.jpegWithGps(80, 60, 6));
        Seen original = sandbox.messages(BEN, OAKFIELD_STAFFROOM).stream()
                .filter(m -> "Our new library corner".equals(m.text()))
                .reduce((a, b) -> b)
                .orElseThrow();

        sandbox.messageAction(BEN, original.id(), "drafts.submit-message");
        var form = sandbox.pendingForm(BEN).orElseThrow();
        assertThat(form.toString()).contains("Our new library corner", "Everyone pictured has media consent?");
        sandbox.submitForm(
                BEN,
                Map.of(
                        "text",
                        List.of("Our new library corner"),
                        "target",
                        List.of("school"),
                        "networks",
                        List.of("facebook"),
                        "category",
                        List.of("behind-the-scenes"),
                        "consent",
                        List.of("no")));
        long id = lastDraftOf("ben-hughes");
        assertThat(draftState(id)).isEqualTo("BLOCKED");
        assertThat(lastAnswer(BEN, OAKFIELD_STAFFROOM)).contains("There is one photo, but you have not confirmed");

        // The stored copy: no EXIF, no GPS, no XMP, no camera; rotated upright.
        String file = jdbc.sql("select file_name from draft_image where draft_id = ?")
                .param(id)
                .query(String.class)
                .single();
        byte[] stored = Files.readAllBytes(FILES.resolve(file));
        assertThat(TestPhotos.markers(stored)).doesNotContain(0xE1, 0xFE);
        assertThat(TestPhotos.contains(stored, "GPS")).isFalse();
        assertThat(TestPhotos.contains(stored, TestPhotos.CAMERA)).isFalse();
        assertThat(TestPhotos.contains(stored, "Exif")).isFalse();
        assertThat(jdbc.sql("select width from draft_image where draft_id = ?")
                        .param(id)
                        .query(Integer.class)
                        .single())
                .isEqualTo(60);

        // Not approved: the photo needs its token; without it, it does not exist.
        String publicId = jdbc.sql("select public_id from draft_image where draft_id = ?")
                .param(id)
                .query(String.class)
                .single();
        String token = jdbc.sql("select token from draft_image where draft_id = ?")
                .param(id)
                .query(String.class)
                .single();
        assertThat(get("/files/" + publicId).statusCode()).isEqualTo(404);
        assertThat(get("/files/" + publicId + "?t=wrong").statusCode()).isEqualTo(404);
        HttpResponse<byte[]> withToken = get("/files/" + publicId + "?t=" + token);
        assertThat(withToken.statusCode()).isEqualTo(200);
        assertThat(withToken.body()).isEqualTo(stored);

        // Confirming consent sends it on; approved, the photo becomes public.
        sandbox.press(BEN, lastAnswerSeen(BEN, OAKFIELD_STAFFROOM), "drafts.edit");
        sandbox.submitForm(
                BEN,
                Map.of(
                        "text",
                        List.of("Our new library corner"),
                        "networks",
                        List.of("facebook"),
                        "category",
                        List.of("behind-the-scenes"),
                        "consent",
                        List.of("yes"),
                        "date",
                        List.of("")));
        Seen card = card(AMARA, OAKFIELD_REVIEW, id);
        assertThat(card.text()).contains("1: the author confirmed everyone pictured has media consent");
        assertThat(card.raw().get("message").get("images").get(0).get("url").asString())
                .contains("/files/" + publicId + "?t=" + token);
        sandbox.press(AMARA, card, "approvals.approve");
        assertThat(get("/files/" + publicId).statusCode()).isEqualTo(200);
        assertThat(publicPosts.find(id).orElseThrow().photos())
                .singleElement()
                .satisfies(p -> assertThat(p.url()).endsWith("/files/" + publicId));
    }

    @Test
    void aDirectMessageWithAPhotoBecomesADraftAfterTheConfirmButton() {
        sandbox.postWithImage(BEN, dm(BEN), "Sports day relay team", "relay.jpg", TestPhotos.jpegWithGps(40, 30, 1));
        settle();
        Seen offer = dmTo(BEN, "Shall I make this a post draft for Oakfield?");
        assertThat(offer.buttons())
                .extracting(SandboxClient.Button::actionId)
                .containsExactly("drafts.intake.start", "drafts.intake.dismiss");

        sandbox.press(BEN, offer, "drafts.intake.start");
        sandbox.submitForm(
                BEN,
                Map.of(
                        "text",
                        List.of("Sports day relay team"),
                        "target",
                        List.of("school"),
                        "networks",
                        List.of("facebook", "instagram"),
                        "category",
                        List.of("event"),
                        "consent",
                        List.of("yes")));
        long id = lastDraftOf("ben-hughes");
        assertThat(draftState(id)).isEqualTo("IN_REVIEW");
        assertThat(jdbc.sql("select source from draft where id = ?")
                        .param(id)
                        .query(String.class)
                        .single())
                .isEqualTo("DIRECT_MESSAGE");
        Seen answer = lastAnswerSeen(BEN, dm(BEN));
        assertThat(answer.text()).contains("Draft #" + id + " is with the approvers");
        // The same offer cannot make a second draft.
        sandbox.press(BEN, offer, "drafts.intake.start");
        assertThat(lastAnswer(BEN, dm(BEN))).contains("already been made into a draft");
        // A photo draft gets its wanted date from a button on the answer.
        sandbox.press(BEN, answer, "drafts.date");
        sandbox.submitForm(BEN, Map.of("date", List.of("2026-12-04")));
        assertThat(lastAnswer(BEN, dm(BEN)))
                .contains("Only the date or category changed, so the approvers’ votes stand");
        assertThat(card(AMARA, OAKFIELD_REVIEW, id).text()).contains("Fri 4 Dec 2026");
    }

    // ================================================================== permissions and duplicates

    @Test
    void aTeachersAnotherSchoolsApproversTheAuthorsAndTheBotsReactionsChangeNothing() {
        long id = submitDraft(
                BEN, OAKFIELD_STAFFROOM, form("Harvest festival donations are in!", "school", "facebook", "event", ""));
        Seen card = card(AMARA, OAKFIELD_REVIEW, id);

        sandbox.react(DAN, card.id(), "✅"); // a teacher at Riverside
        sandbox.react(CHLOE, card.id(), "✅"); // Riverside's head: an approver, but not Oakfield's
        sandbox.react(BEN, card.id(), "✅"); // the author
        accept(new ChatEvent.ReactionAdded(
                "bot-own-" + id,
                clock.instant(),
                Actor.of(new UserRef(org.staffroom.config.Platform.SLACK, SLACK_TEAM, "U0STAFFBOT"), "Staffroom"),
                messageRef(OAKFIELD_REVIEW, card.id()),
                "✅"));
        settle();

        assertThat(draftState(id)).isEqualTo("IN_REVIEW");
        assertThat(votes(id)).isZero();
        assertThat(message(AMARA, OAKFIELD_REVIEW, card.id()).text()).contains("Waiting for a decision");
        assertThat(dmTo(DAN, "Only Oakfield’s approvers can decide").text()).contains("Your reaction changes nothing.");
        assertThat(dmTo(CHLOE, "Only Oakfield’s approvers can decide")).isNotNull();
        assertThat(dmTo(BEN, "You can’t decide on Draft #" + id)).isNotNull();
        // The author's button is refused too, privately.
        sandbox.press(BEN, card, "approvals.approve");
        assertThat(lastAnswer(BEN, OAKFIELD_REVIEW)).contains("it is your own");
        assertThat(draftAudit.entries(id))
                .filteredOn(e -> e.action().equals("DENIED"))
                .hasSize(5)
                .extracting(AuditEntry -> AuditEntry.actorName())
                .contains("Dan Whitfield", "Chloe Patel", "Ben Hughes");
    }

    @Test
    void theSameReactionDeliveredTwiceCountsOnce() {
        long id = submitDraft(
                HARRY,
                HILLCREST_STAFFROOM,
                form("Our choir sang at the care home.", "school", "facebook", "event", ""));
        Seen card = card(GRACE, HILLCREST_REVIEW, id);
        ChatEvent.ReactionAdded reaction = new ChatEvent.ReactionAdded(
                "dup-1-" + id,
                clock.instant(),
                Actor.of(UserRef.parse(GRACE), "Grace Lin"),
                messageRef(HILLCREST_REVIEW, card.id()),
                "✅");

        assertThat(accept(reaction).duplicate()).isFalse();
        // The same reaction again: under the same event id, and under a new one (Slack does both).
        assertThat(accept(reaction).duplicate()).isTrue();
        assertThat(accept(new ChatEvent.ReactionAdded(
                                "dup-2-" + id, clock.instant(), reaction.actor(), reaction.message(), "✅"))
                        .duplicate())
                .isTrue();
        // And the same approval by button: counted once, and she is told so.
        sandbox.press(GRACE, card, "approvals.approve");
        assertThat(lastAnswer(GRACE, HILLCREST_REVIEW)).contains("You have already approved", "(1 of 2 needed)");
        settle();
        assertThat(votes(id)).isEqualTo(1);
        assertThat(draftState(id)).isEqualTo("IN_REVIEW");
    }

    @Test
    void approveAndRejectAtOnceWithADoubleClickAndAReactionGiveExactlyOneDecision() throws Exception {
        long id = submitDraft(
                BEN,
                OAKFIELD_STAFFROOM,
                form("Bake sale raised money for the library.", "school", "facebook", "event", ""));
        Seen card = card(AMARA, OAKFIELD_REVIEW, id);
        sandbox.press(LIAM, card, "approvals.reject"); // opens the reason form for Liam
        assertThat(sandbox.pendingForm(LIAM)).isPresent();

        ExecutorService pool = Executors.newFixedThreadPool(4);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> all = new ArrayList<>();
        all.add(pool.submit(() -> {
            await(go);
            sandbox.press(AMARA, card, "approvals.approve");
        }));
        all.add(pool.submit(() -> {
            await(go);
            sandbox.press(AMARA, card, "approvals.approve");
        }));
        all.add(pool.submit(() -> {
            await(go);
            sandbox.submitForm(LIAM, Map.of("reason", List.of("Not this week, please.")));
        }));
        all.add(pool.submit(() -> {
            await(go);
            sandbox.react(LIAM, card.id(), "✅");
        }));
        go.countDown();
        for (Future<?> f : all) f.get(20, TimeUnit.SECONDS);
        pool.shutdown();
        settle();

        long review = reviewOf(id);
        assertThat(jdbc.sql("select count(*) from review_audit where review_id = ? and action = 'DECIDED'")
                        .param(review)
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
        String state = draftState(id);
        assertThat(state).isIn("APPROVED", "REJECTED");
        assertThat(jdbc.sql("select state from review where id = ?")
                        .param(review)
                        .query(String.class)
                        .single())
                .isEqualTo(state);
        long told = Stream.concat(
                        Stream.concat(
                                sandbox.messages(AMARA, OAKFIELD_REVIEW).stream()
                                        .filter(m -> m.bot() && m.ephemeral()),
                                sandbox.messages(LIAM, OAKFIELD_REVIEW).stream().filter(m -> m.bot() && m.ephemeral())),
                        sandbox.messages(LIAM, dm(LIAM)).stream())
                .filter(m -> m.contains("Draft #" + id + " (Oakfield) was already decided"))
                .count();
        assertThat(told).isEqualTo(3);
        assertThat(jdbc.sql("select count(*) from review_audit where review_id = ? and action = 'ALREADY_DECIDED'")
                        .param(review)
                        .query(Long.class)
                        .single())
                .isEqualTo(3);
    }

    @Test
    void reactionsTheBotNeverHeardAboutAreReconciledFromThePlatform() {
        long id = submitDraft(
                HARRY,
                HILLCREST_STAFFROOM,
                form("Our eco-council planted a hedge.", "school", "facebook", "event", ""));
        Seen card = card(GRACE, HILLCREST_REVIEW, id);
        sandbox.react(GRACE, card.id(), "✅");
        settle();
        assertThat(votes(id)).isEqualTo(1);
        // While the bot was away: Omar's ✅ reached the platform but its event was lost, Grace took hers
        // back, and a teacher reacted too. The platform's state is the truth.
        jdbc.sql("insert into sandbox_reaction (message_id, user_key, user_name, emoji) values (?, ?, ?, ?)")
                .params(card.id(), OMAR, "Omar Haddad", "✅")
                .update();
        jdbc.sql("insert into sandbox_reaction (message_id, user_key, user_name, emoji) values (?, ?, ?, ?)")
                .params(card.id(), HARRY, "Harry Jones", "✅")
                .update();
        jdbc.sql("delete from sandbox_reaction where message_id = ? and user_key = ?")
                .params(card.id(), GRACE)
                .update();

        tickAt(TestClockConfiguration.START.plus(Duration.ofHours(2)));

        assertThat(votes(id)).isEqualTo(1);
        assertThat(draftState(id)).isEqualTo("IN_REVIEW");
        assertThat(message(GRACE, HILLCREST_REVIEW, card.id()).text())
                .contains("Approvals so far: 1 of 2 needed (Omar Haddad)");
        assertThat(draftAudit.entries(id))
                .extracting(e -> e.action() + " " + e.actorName())
                .contains("VOTE_WITHDRAWN Grace Lin", "VOTE Omar Haddad")
                .doesNotContain("VOTE Harry Jones");
    }

    // ================================================================== revisions

    @Test
    void requestedChangesGoBackToTheAuthorAndTheRevisionIsReviewedAgain() {
        long id = submitDraft(
                BEN,
                OAKFIELD_STAFFROOM,
                form("Look at our amazing Year 6 SATs results!", "school", "facebook", "achievement", ""));
        Seen card = card(AMARA, OAKFIELD_REVIEW, id);
        sandbox.press(AMARA, card, "approvals.changes");
        sandbox.submitForm(AMARA, Map.of("reason", List.of("Please celebrate effort, not results.")));
        assertThat(lastAnswer(AMARA, OAKFIELD_REVIEW)).contains("You asked for changes to Draft #" + id);
        settle();
        assertThat(draftState(id)).isEqualTo("CHANGES_REQUESTED");
        assertThat(message(AMARA, OAKFIELD_REVIEW, card.id()).text())
                .contains(
                        "✏️ Changes requested by Amara Okafor on 25 Nov 2026, 07:00: Please celebrate effort, not results.");
        Seen ask = dmTo(BEN, "Amara Okafor asked for changes to Draft #" + id);
        assertThat(ask.text()).contains("Please celebrate effort, not results.");

        sandbox.press(BEN, ask, "drafts.edit");
        sandbox.submitForm(
                BEN,
                Map.of(
                        "text",
                        List.of("So proud of how hard Year 6 worked this year!"),
                        "networks",
                        List.of("facebook"),
                        "category",
                        List.of("achievement"),
                        "date",
                        List.of("")));
        assertThat(lastAnswer(BEN, dm(BEN))).contains("Revision 2 of draft #" + id + " is with the approvers again");
        Seen second = card(AMARA, OAKFIELD_REVIEW, id);
        assertThat(second.id()).isNotEqualTo(card.id());
        assertThat(second.text()).contains("So proud of how hard Year 6 worked");

        // The old card is decided; only the new one counts.
        sandbox.press(AMARA, card, "approvals.approve");
        assertThat(lastAnswer(AMARA, OAKFIELD_REVIEW)).contains("was already decided");
        sandbox.react(AMARA, second.id(), "✅");
        settle();
        assertThat(draftState(id)).isEqualTo("APPROVED");
        assertThat(jdbc.sql("select count(*) from draft_revision where draft_id = ?")
                        .param(id)
                        .query(Long.class)
                        .single())
                .isEqualTo(2);
    }

    @Test
    void editingTheTextResetsVotesButChangingOnlyTheDateDoesNot() {
        long id = submitDraft(
                HARRY, HILLCREST_STAFFROOM, form("Year 8 trip to the coast.", "school", "facebook", "event", ""));
        Seen card = card(GRACE, HILLCREST_REVIEW, id);
        sandbox.react(GRACE, card.id(), "✅");
        settle();

        sandbox.command(HARRY, HILLCREST_STAFFROOM, "/draft edit " + id);
        sandbox.submitForm(
                HARRY,
                Map.of(
                        "text",
                        List.of("Year 8 trip to the coast."),
                        "networks",
                        List.of("facebook"),
                        "category",
                        List.of("event"),
                        "date",
                        List.of("2026-12-10")));
        assertThat(lastAnswer(HARRY, HILLCREST_STAFFROOM)).contains("votes stand");
        assertThat(votes(id)).isEqualTo(1);
        assertThat(message(GRACE, HILLCREST_REVIEW, card.id()).text()).contains("1 of 2", "10 Dec 2026");

        sandbox.command(HARRY, HILLCREST_STAFFROOM, "/draft edit " + id);
        sandbox.submitForm(
                HARRY,
                Map.of(
                        "text",
                        List.of("Year 8 trip to the seaside."),
                        "networks",
                        List.of("facebook"),
                        "category",
                        List.of("event"),
                        "date",
                        List.of("2026-12-10")));
        settle();
        assertThat(votes(id)).isZero();
        assertThat(message(GRACE, HILLCREST_REVIEW, card.id()).text()).contains("Out of date");
        Seen fresh = card(GRACE, HILLCREST_REVIEW, id);
        assertThat(fresh.text()).contains("Approvals so far: 0 of 2", "seaside");
        sandbox.react(OMAR, fresh.id(), "✅");
        sandbox.unreact(GRACE, card.id(), "✅"); // on the old card: nothing to withdraw any more
        sandbox.react(GRACE, card.id(), "✅"); // and a new ✅ there is refused as out of date
        settle();
        assertThat(draftState(id)).isEqualTo("IN_REVIEW");
        assertThat(dmTo(GRACE, "is out of date")).isNotNull();
    }

    // ================================================================== time

    @Test
    void approversAreRemindedThenTheBackupIsAskedThenTheDraftExpires() {
        long id = submitDraft(
                BEN,
                OAKFIELD_STAFFROOM,
                form("Christmas fair on Friday!", "school", "facebook", "event", "2026-11-27"));
        Seen card = card(AMARA, OAKFIELD_REVIEW, id);
        String title = "Draft #" + id + " (Oakfield)";

        tickAt(TestClockConfiguration.START.plus(Duration.ofHours(4)).minusSeconds(60));
        assertThat(dms(AMARA)).noneMatch(m -> m.contains("Reminder: " + title));

        tickAt(TestClockConfiguration.START.plus(Duration.ofHours(4)));
        tickAt(TestClockConfiguration.START.plus(Duration.ofHours(4)).plusSeconds(30));
        assertThat(dms(AMARA)).filteredOn(m -> m.contains("Reminder: " + title)).hasSize(1);
        assertThat(dms(LIAM)).filteredOn(m -> m.contains("Reminder: " + title)).hasSize(1);
        assertThat(sandbox.thread(AMARA, OAKFIELD_REVIEW, card.id()))
                .anyMatch(m -> m.contains("Still waiting for a decision"));
        assertThat(dms(MAYA)).noneMatch(m -> m.contains(title));

        tickAt(TestClockConfiguration.START.plus(Duration.ofHours(24)));
        tickAt(TestClockConfiguration.START.plus(Duration.ofHours(25)));
        assertThat(dms(MAYA))
                .filteredOn(m -> m.contains(title) && m.contains("You are its backup approver"))
                .hasSize(1);
        Seen backupCard = dms(MAYA).stream()
                .filter(m -> m.contains("Head teacher sign-off (stage 1 of 1)") && m.contains(title))
                .findFirst()
                .orElseThrow();
        assertThat(backupCard.buttons()).isNotEmpty();
        assertThat(message(AMARA, OAKFIELD_REVIEW, card.id()).text()).contains("Escalated to Maya Singh.");

        // Not approved by the end of Friday 27 November (London): expired, never published.
        tickAt(Instant.parse("2026-11-27T23:59:00Z"));
        assertThat(draftState(id)).isEqualTo("IN_REVIEW");
        tickAt(Instant.parse("2026-11-28T00:00:00Z"));
        assertThat(draftState(id)).isEqualTo("EXPIRED");
        assertThat(dmTo(BEN, title + " was not approved by its wanted date")).isNotNull();
        assertThat(message(AMARA, OAKFIELD_REVIEW, card.id()).text())
                .contains("Expired: it was not approved by the date");
        sandbox.press(MAYA, backupCard, "approvals.approve");
        assertThat(lastAnswer(MAYA, dm(MAYA))).contains(title + " is no longer waiting for a decision", "Expired");
        assertThat(draftState(id)).isEqualTo("EXPIRED");
        assertThat(publicPosts.find(id)).isEmpty();
    }

    // ================================================================== after approval

    @Test
    void theWebhookIsSignedAndRetriedAndTheSecretIsNeverLogged(CapturedOutput output) {
        long id = submitDraft(
                BEN,
                OAKFIELD_STAFFROOM,
                form("Reception planted bulbs.", "school", "facebook", "behind-the-scenes", ""));
        WEBHOOK.failures.put(id, new java.util.concurrent.atomic.AtomicInteger(1));
        sandbox.press(AMARA, card(AMARA, OAKFIELD_REVIEW, id), "approvals.approve");

        tickAt(TestClockConfiguration.START.plusSeconds(30));
        assertThat(WEBHOOK.about(id)).hasSize(1); // answered 500
        tickAt(TestClockConfiguration.START.plusSeconds(60));
        assertThat(WEBHOOK.about(id)).hasSize(1); // backing off
        tickAt(TestClockConfiguration.START.plusSeconds(120));
        assertThat(WEBHOOK.about(id)).hasSize(2); // delivered
        tickAt(TestClockConfiguration.START.plusSeconds(600));
        assertThat(WEBHOOK.about(id)).hasSize(2); // and only once

        WebhookReceiver.Received r = WEBHOOK.about(id).get(1);
        assertThat(r.body())
                .contains(
                        "\"event\":\"post.approved\"",
                        "\"text\":\"Reception planted bulbs.\"",
                        "\"networks\":[\"facebook\"]");
        assertThat(r.signature()).isEqualTo("sha256=" + PublishWebhook.sign(SECRET, r.timestamp() + "." + r.body()));
        assertThat(draftAudit.entries(id)).extracting(e -> e.action()).contains("WEBHOOK_SENT");
        assertThat(output.getAll()).doesNotContain(SECRET);
    }

    @Test
    void withdrawingConsentInTheConfigPullsAnApprovedPostAtOnce() throws Exception {
        sandbox.postWithImage(
                BEN,
                OAKFIELD_STAFFROOM,
                "Sam Taylor won the county art prize!",
                "art.jpg",
                TestPhotos.plainJpeg(30, 20));
        Seen original = sandbox.messages(BEN, OAKFIELD_STAFFROOM).stream()
                .filter(m -> m.contains("county art prize"))
                .reduce((a, b) -> b)
                .orElseThrow();
        sandbox.messageAction(BEN, original.id(), "drafts.submit-message");
        sandbox.submitForm(
                BEN,
                Map.of(
                        "text",
                        List.of("Sam Taylor won the county art prize!"),
                        "target",
                        List.of("school"),
                        "networks",
                        List.of("facebook"),
                        "category",
                        List.of("achievement"),
                        "consent",
                        List.of("yes")));
        long approved = lastDraftOf("ben-hughes");
        sandbox.react(AMARA, card(AMARA, OAKFIELD_REVIEW, approved).id(), "✅");
        long pending = submitDraft(
                BEN, OAKFIELD_STAFFROOM, form("S. Taylor will read at assembly.", "school", "facebook", "event", ""));
        Seen pendingCard = card(AMARA, OAKFIELD_REVIEW, pending);
        settle();
        String publicId = jdbc.sql("select public_id from draft_image where draft_id = ?")
                .param(approved)
                .query(String.class)
                .single();
        assertThat(publicPosts.latest(100)).extracting(PublicPost::id).contains(approved);
        assertThat(get("/files/" + publicId).statusCode()).isEqualTo(200);

        Files.writeString(CONFIG.resolve("consent.yml"), "    - Sam Taylor\n", StandardOpenOption.APPEND);
        assertThat(trustConfig.reload()).isTrue();
        settle();

        assertThat(publicPosts.latest(100)).extracting(PublicPost::id).doesNotContain(approved);
        assertThat(publicPosts.find(approved)).isEmpty();
        assertThat(get("/files/" + publicId).statusCode()).isEqualTo(404);
        assertThat(dmTo(BEN, "Media consent has been withdrawn for Sam Taylor, who is named in Draft #" + approved)
                        .text())
                .contains("Please take it down from Facebook now");
        assertThat(dmTo(AMARA, "Media consent has been withdrawn for Sam Taylor, who is named in Draft #" + approved))
                .isNotNull();
        // The draft still in review is stopped.
        assertThat(draftState(pending)).isEqualTo("BLOCKED");
        assertThat(message(AMARA, OAKFIELD_REVIEW, pendingCard.id()).text())
                .contains("Stopped: media consent was withdrawn");
        assertThat(draftAudit.entries(approved)).extracting(e -> e.action()).contains("PULLED");
        assertThat(draftAudit.csv(approved)).doesNotContain("Sam Taylor");
        tickAt(TestClockConfiguration.START.plusSeconds(30));
        assertThat(WEBHOOK.about(approved)).anyMatch(r -> r.body().contains("\"event\":\"post.pulled\""));
    }

    @Test
    void rejectedPhotosArePurgedAfterTheirRetentionAndTheAuditLogListsEveryStep() throws Exception {
        sandbox.postWithImage(
                BEN, OAKFIELD_STAFFROOM, "Wet play den building", "den.jpg", TestPhotos.plainJpeg(30, 20));
        Seen original = sandbox.messages(BEN, OAKFIELD_STAFFROOM).stream()
                .filter(m -> m.contains("Wet play den"))
                .reduce((a, b) -> b)
                .orElseThrow();
        sandbox.messageAction(BEN, original.id(), "drafts.submit-message");
        sandbox.submitForm(
                BEN,
                Map.of(
                        "text",
                        List.of("Wet play den building"),
                        "target",
                        List.of("school"),
                        "networks",
                        List.of("facebook"),
                        "category",
                        List.of("behind-the-scenes"),
                        "consent",
                        List.of("yes")));
        long id = lastDraftOf("ben-hughes");
        Seen card = card(AMARA, OAKFIELD_REVIEW, id);
        sandbox.react(DAN, card.id(), "✅");
        sandbox.react(AMARA, card.id(), "❌");
        settle();
        assertThat(draftState(id)).isEqualTo("REJECTED");
        assertThat(dmTo(BEN, "was rejected by Amara Okafor").text()).contains("asked for a reason");
        // Rejected by reaction: Amara is asked for a reason by DM, and Ben gets it.
        Seen ask = dmTo(AMARA, "You rejected Draft #" + id);
        sandbox.press(AMARA, ask, "approvals.reason");
        sandbox.submitForm(AMARA, Map.of("reason", List.of("Faces are visible in the background.")));
        settle();
        assertThat(dmTo(BEN, "Amara Okafor gave the reason").text()).contains("Faces are visible in the background.");
        assertThat(message(AMARA, OAKFIELD_REVIEW, card.id()).text())
                .contains("Reason: Faces are visible in the background.");

        String file = jdbc.sql("select file_name from draft_image where draft_id = ?")
                .param(id)
                .query(String.class)
                .single();
        assertThat(FILES.resolve(file)).exists();
        tickAt(TestClockConfiguration.START.plus(Duration.ofDays(29)));
        assertThat(FILES.resolve(file)).exists();
        tickAt(TestClockConfiguration.START.plus(Duration.ofDays(30)).plusSeconds(60));
        assertThat(FILES.resolve(file)).doesNotExist();
        assertThat(jdbc.sql("select count(*) from draft_image where draft_id = ?")
                        .param(id)
                        .query(Long.class)
                        .single())
                .isZero();

        String csv = draftAudit.csv(id);
        assertThat(csv).startsWith("time,subject,action,actor,actor_id,platform,stage,detail\r\n");
        List<String> actions =
                draftAudit.entries(id).stream().map(e -> e.action()).toList();
        assertThat(actions)
                .containsSubsequence(
                        "SUBMITTED",
                        "REVIEW_OPENED",
                        "STAGE_OPENED",
                        "DENIED",
                        "VOTE",
                        "DECIDED",
                        "REASON_GIVEN",
                        "IMAGES_PURGED");
        assertThat(csv)
                .contains(
                        "DENIED,Dan Whitfield,dan-whitfield,slack,head,approve by reaction: not approver",
                        "DECIDED,Amara Okafor,amara-okafor,slack,head,\"rejected, reason to follow\"",
                        "IMAGES_PURGED")
                .doesNotContain("Faces are visible");

        // After the retention period the whole draft goes; the audit log stays.
        tickAt(TestClockConfiguration.START.plus(Duration.ofDays(366)));
        assertThat(jdbc.sql("select count(*) from draft_revision where draft_id = ?")
                        .param(id)
                        .query(Long.class)
                        .single())
                .isZero();
        assertThat(jdbc.sql("select purged_at from draft where id = ?")
                        .param(id)
                        .query(Object.class)
                        .optional())
                .isPresent();
        assertThat(draftAudit.entries(id)).extracting(e -> e.action()).contains("PURGED");
        assertThat(jdbc.sql("select count(*) from review_round where reason is not null and review_id = ?")
                        .param(reviewOf(id))
                        .query(Long.class)
                        .single())
                .isZero();
        long itemsPastRetention = jdbc.sql("select count(*) from draft_revision where draft_id = ?")
                        .param(id)
                        .query(Long.class)
                        .single()
                + jdbc.sql("select count(*) from draft_image where draft_id = ?")
                        .param(id)
                        .query(Long.class)
                        .single()
                + (Files.exists(FILES.resolve(file)) ? 1 : 0);
        org.staffroom.reliability.Figures.report(
                "S9",
                "photo_purged_after",
                "30d",
                "draft_purged_after",
                "365d",
                "items_past_retention",
                itemsPastRetention,
                "audit_entries_kept",
                draftAudit.entries(id).size(),
                "content_in_audit",
                csv.contains("Wet play den") || draftAudit.csv(id).contains("Faces are visible"));
    }

    @Test
    void badInputGetsAClearPrivateAnswerAndStoresNothing() {
        long before = jdbc.sql("select count(*) from draft").query(Long.class).single();
        sandbox.command(BEN, OAKFIELD_STAFFROOM, "/draft");
        sandbox.submitForm(BEN, form("Trip tomorrow", "school", "facebook", "event", "2026-11-01"));
        assertThat(lastAnswer(BEN, OAKFIELD_STAFFROOM))
                .contains(
                        "The wanted date Sun 1 Nov 2026 has passed",
                        "Nothing was saved",
                        "Your text, so you can copy it:",
                        "Trip tomorrow");
        sandbox.command(BEN, OAKFIELD_STAFFROOM, "/draft");
        sandbox.submitForm(BEN, form("Trip tomorrow", "school", "facebook", "event", "next Friday"));
        assertThat(lastAnswer(BEN, OAKFIELD_STAFFROOM)).contains("“next Friday” is not a date I can read");
        sandbox.command(BEN, OAKFIELD_STAFFROOM, "/draft");
        sandbox.submitForm(BEN, form("Trip tomorrow", "school", "", "event", ""));
        assertThat(lastAnswer(BEN, OAKFIELD_STAFFROOM)).contains("Choose at least one network");
        // A "photo" that is not an image: the sandbox page refuses the upload itself...
        long files = fileCount();
        assertThatThrownBy(() -> sandbox.postWithImage(
                        BEN,
                        OAKFIELD_STAFFROOM,
                        "Broken photo",
                        "broken.jpg",
                        "not really a jpeg".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("415");
        // ...and one that reaches the drafts anyway (a platform passes on whatever was attached) is named,
        // and nothing is stored, not even a file.
        jdbc.sql("insert into sandbox_file (public_id, name, mime_type, content, created_at) values (?, ?, ?, ?, ?)")
                .params(
                        "brokenphotobrokenphoto01",
                        "broken.jpg",
                        "image/jpeg",
                        java.util.Base64.getEncoder()
                                .encodeToString("not really a jpeg".getBytes(StandardCharsets.UTF_8)),
                        java.time.OffsetDateTime.now())
                .update();
        jdbc.sql("""
                insert into sandbox_message (platform, space_id, channel_id, author_key, author_name, bot, text, files, created_at, deleted)
                values ('SLACK', 'T0NWTRUST1', 'C0OAKSTAFF1', ?, 'Ben Hughes', false, 'Broken photo', ?, ?, false)""")
                .params(
                        BEN,
                        "[{\"id\":\"brokenphotobrokenphoto01\",\"name\":\"broken.jpg\",\"mimeType\":\"image/jpeg\",\"size\":17,"
                                + "\"url\":\"/sandbox/api/files/brokenphotobrokenphoto01\"}]",
                        java.time.OffsetDateTime.now())
                .update();
        Seen broken = sandbox.messages(BEN, OAKFIELD_STAFFROOM).stream()
                .filter(m -> "Broken photo".equals(m.text()))
                .reduce((a, b) -> b)
                .orElseThrow();
        sandbox.messageAction(BEN, broken.id(), "drafts.submit-message");
        sandbox.submitForm(
                BEN,
                Map.of(
                        "text",
                        List.of("Broken photo"),
                        "target",
                        List.of("school"),
                        "networks",
                        List.of("facebook"),
                        "category",
                        List.of("event"),
                        "consent",
                        List.of("yes")));
        assertThat(lastAnswer(BEN, OAKFIELD_STAFFROOM))
                .contains("I can’t use the photo “broken.jpg”", "Nothing was saved");
        assertThat(jdbc.sql("select count(*) from draft").query(Long.class).single())
                .isEqualTo(before);
        assertThat(fileCount()).isEqualTo(files);

        // Someone else's draft cannot be edited or withdrawn.
        long id = submitDraft(BEN, OAKFIELD_STAFFROOM, form("Assembly at 9.", "school", "facebook", "notice", ""));
        sandbox.command(DAN, RIVERSIDE_STAFFROOM, "/draft edit " + id);
        assertThat(lastAnswer(DAN, RIVERSIDE_STAFFROOM))
                .isEqualTo("Only the author of draft #" + id + " can change it.");
        sandbox.command(DAN, RIVERSIDE_STAFFROOM, "/draft withdraw " + id);
        assertThat(draftState(id)).isEqualTo("IN_REVIEW");
        sandbox.command(DAN, RIVERSIDE_STAFFROOM, "/draft audit " + id);
        assertThat(lastAnswer(DAN, RIVERSIDE_STAFFROOM)).contains("Only the draft’s approvers and admins");
        sandbox.command(AMARA, OAKFIELD_STAFFROOM, "/draft audit " + id);
        assertThat(lastAnswer(AMARA, OAKFIELD_STAFFROOM))
                .contains("Audit log of draft #" + id, "25 Nov 2026, 07:00:00 SUBMITTED · Ben Hughes · slack");
        // A draft number that is not one gets a proper answer, not "draft #-1".
        sandbox.command(BEN, OAKFIELD_STAFFROOM, "/draft withdraw abc");
        assertThat(lastAnswer(BEN, OAKFIELD_STAFFROOM))
                .isEqualTo("“abc” is not a draft number. Write it as a number, e.g. /draft withdraw 12. "
                        + "/draft list shows your drafts.");
        sandbox.command(BEN, OAKFIELD_STAFFROOM, "/draft withdraw " + id);
        assertThat(draftState(id)).isEqualTo("WITHDRAWN");
        sandbox.command(BEN, OAKFIELD_STAFFROOM, "/draft list");
        assertThat(lastAnswer(BEN, OAKFIELD_STAFFROOM)).contains("#" + id + " · Withdrawn");
    }

    // ================================================================== helpers

    InboundEvents.Acceptance accept(ChatEvent event) {
        InboundEvents.Acceptance a = inbound.accept(event);
        try {
            a.processed().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        return a;
    }

    static MessageRef messageRef(String channelKey, long id) {
        return new MessageRef(ChannelRef.parse(channelKey), Long.toString(id), null);
    }

    Seen dmTo(String as, String containing) {
        settle();
        return dms(as).stream()
                .filter(m -> m.contains(containing))
                .reduce((a, b) -> b)
                .orElseThrow(
                        () -> new AssertionError("no DM to " + as + " containing: " + containing + "\n" + dms(as)));
    }

    Seen lastAnswerSeen(String as, String channel) {
        return sandbox.lastPrivateAnswer(as, channel)
                .orElseThrow(() -> new AssertionError("no private answer for " + as));
    }

    Long reviewOf(long id) {
        return jdbc.sql("select review_id from draft where id = ?")
                .param(id)
                .query(Long.class)
                .optional()
                .orElse(null);
    }

    long votes(long draftId) {
        Long review = reviewOf(draftId);
        return jdbc.sql(
                        "select count(*) from review_vote v join review r on r.id = v.review_id where r.id = ? and v.round = r.current_round")
                .param(review)
                .query(Long.class)
                .single();
    }

    long lastDraftOf(String authorKey) {
        settle();
        return jdbc.sql("select max(id) from draft where author_key = ?")
                .param(authorKey)
                .query(Long.class)
                .single();
    }

    HttpResponse<byte[]> get(String path) throws IOException, InterruptedException {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray());
    }

    static long fileCount() {
        try (Stream<Path> files = Files.list(FILES)) {
            return files.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
