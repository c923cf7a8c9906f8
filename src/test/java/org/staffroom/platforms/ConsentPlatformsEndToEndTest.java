package org.staffroom.platforms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.staffroom.platforms.Platforms.*;

import com.google.gson.JsonObject;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.staffroom.chat.Chat;
import org.staffroom.chat.Connectors;
import org.staffroom.chat.InboundEvents;
import org.staffroom.chat.Ticker;
import org.staffroom.config.Platform;
import org.staffroom.config.TrustConfig;
import org.staffroom.testing.MutableClock;
import org.staffroom.testing.StaffroomApp;
import org.staffroom.testing.TestClockConfiguration;
import org.staffroom.testing.discord.FakeDiscord;
import org.staffroom.testing.slack.FakeSlack;
import org.staffroom.testing.slack.RecordedCall;
import org.staffroom.testing.slack.StoredMessage;
import org.staffroom.testing.slack.StoredView;

/**
 * Consent withdrawal through both real clients (Bolt in Socket Mode against the loopback Slack,
 * JDA against the loopback Discord), on one database across restarts of the application: an edit
 * of consent.yml made while the bot was down is applied at start-up (cards edited in place on
 * Slack and Discord, DMs, webhook) and a second restart repeats none of it; a refused edit still
 * pulls what its good lines name and is told by DM on both platforms, and the pull cancels the
 * post's undelivered post.approved; trust-account drafts are checked against every school's list
 * and filed under the author's own school. The application is started by hand (not by the test
 * framework) so that it can be stopped and started again on the same database and fakes.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsentPlatformsEndToEndTest {

    static final Duration WAIT = Duration.ofSeconds(15);
    static final String LIAM = "U0LIAMON01"; // approver@oakfield
    static final long ELEANOR =
            1180000000000000701L; // trust-wide approver, based at Oakfield; in Hillcrest's guild too
    static final long KATE =
            1180000000000000703L; // trust admin; her home school is Hillcrest, so she is told on Discord
    static final String SECRET = "whsec-" + UUID.randomUUID();
    static final String DATABASE = "jdbc:h2:mem:consent-platforms-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";

    static final FakeSlack SLACK = Platforms.slack();
    static final FakeDiscord DISCORD = Platforms.discord();
    static final Receiver WEBHOOK = new Receiver();
    static final Path CONFIG;
    static final Path FILES;

    static {
        org.staffroom.testing.Secrets.register(SECRET);
        CONFIG = org.staffroom.testing.SampleConfig.copy("consent-platforms");
        FILES = org.staffroom.testing.SampleConfig.folder("consent-platforms-files");
    }

    /** The running application; replaced by each restart. */
    static ConfigurableApplicationContext app;
    /** Business time carries on across restarts: the fakes' timestamps and snowflakes only move forward. */
    static Instant now = TestClockConfiguration.START;

    @AfterAll
    static void stop() throws IOException {
        if (app != null) app.close();
        SLACK.close();
        DISCORD.close();
        WEBHOOK.server.stop(0);
        for (Path dir : List.of(CONFIG, FILES)) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted((a, b) -> b.compareTo(a)).toList()) Files.deleteIfExists(p);
            }
        }
    }

    // ================================================================== restart

    @Test
    @Order(1)
    void anEditMadeWhileTheBotWasDownIsAppliedAtStartUpOnSlackAndDiscordAndNotRepeatedByAnotherRestart()
            throws Exception {
        start();
        long slack = slackDraft(BEN, "school", "Ruby Fletcher painted the class mural.");
        StoredMessage slackCard = slackCard(OAKFIELD_REVIEW, slack);
        pushed(SLACK.payloads().reactionAdded(AMARA, "white_check_mark", OAKFIELD_REVIEW, slackCard.ts()));
        settle();
        long discord =
                discordDraft(HARRY, HILLCREST_STAFFROOM, "school", "Rosa Lane launched the highest water rocket.");
        FakeDiscord.StoredMessage discordCard = discordCard(HILLCREST_REVIEW, discord);
        String approve = buttons(discordCard).stream()
                .filter(b -> b.startsWith("approvals.approve|"))
                .findFirst()
                .orElseThrow();
        for (long approver : List.of(GRACE, OMAR)) {
            DISCORD.awaitInteractionCallback(
                    DISCORD.push(DISCORD.events().button(HILLCREST_REVIEW, approver, discordCard.id(), approve)));
        }
        settle();
        assertThat(state(slack)).isEqualTo("APPROVED");
        assertThat(state(discord)).isEqualTo("APPROVED");
        assertThat(shown(DISCORD.message(HILLCREST_REVIEW, discordCard.id())
                        .orElseThrow()
                        .json()))
                .contains("Ready to publish");
        tickAt(now.plusSeconds(30));
        await().atMost(WAIT)
                .until(() -> events(slack).size() == 1 && events(discord).size() == 1);
        assertThat(events(slack).get(0)).contains("\"event\":\"post.approved\"", "\"sequence\":1");

        // The bot goes down; the office lists both pupils; the bot comes back.
        app.close();
        app = null;
        Files.writeString(CONFIG.resolve("consent.yml"), "  hillcrest:\n    - Rosa Lane\n", StandardOpenOption.APPEND);
        replaceInConsent("    - Mia-Rose Clarke\n", "    - Mia-Rose Clarke\n    - Ruby Fletcher\n");
        start();

        await().atMost(WAIT).until(() -> pulled(slack) && pulled(discord));
        settle();
        // Slack: the card is edited in place (chat.update), says so and has no buttons left.
        RecordedCall update = SLACK.awaitCall(
                "chat.update",
                c -> slackCard.ts().equals(c.param("ts"))
                        && c.param("text").contains("Pulled — media consent withdrawn"),
                WAIT);
        assertThat(actionIds(update.jsonParam("blocks").getAsJsonArray())).isEmpty();
        assertThat(SLACK.message(OAKFIELD_REVIEW, slackCard.ts()).orElseThrow().text())
                .contains("Pulled — media consent withdrawn")
                .doesNotContain("Ready to publish", "Ruby Fletcher");
        assertThat(slackCards(OAKFIELD_REVIEW, slack))
                .as("edited, not posted again")
                .hasSize(1);
        // Discord: the same card edited (PATCH) with its components gone.
        FakeDiscord.StoredMessage discordNow =
                DISCORD.message(HILLCREST_REVIEW, discordCard.id()).orElseThrow();
        assertThat(shown(discordNow.json()))
                .contains("Pulled — media consent withdrawn")
                .doesNotContain("Ready to publish", "Rosa Lane");
        assertThat(buttons(discordNow)).isEmpty();
        // The authors and approvers are told what to take down, on their own platform.
        assertThat(dmTexts(BEN))
                .anyMatch(t -> t.contains(
                        "Media consent has been withdrawn for Ruby Fletcher, who is named in Draft #" + slack));
        assertThat(dmTexts(AMARA)).anyMatch(t -> t.contains("Media consent has been withdrawn for Ruby Fletcher"));
        assertThat(discordDms(HARRY))
                .anyMatch(t -> t.contains(
                        "Media consent has been withdrawn for Rosa Lane, who is named in Draft #" + discord));
        assertThat(discordDms(OMAR)).anyMatch(t -> t.contains("Media consent has been withdrawn for Rosa Lane"));
        // And the webhook: post.pulled, numbered after post.approved.
        await().atMost(WAIT)
                .until(() -> events(slack).size() == 2 && events(discord).size() == 2);
        assertThat(events(slack).get(1)).contains("\"event\":\"post.pulled\"", "\"sequence\":2");
        assertThat(events(discord).get(1)).contains("\"event\":\"post.pulled\"", "\"sequence\":2");

        // Another restart: nothing is pulled, told or sent twice.
        int slackDms = dmTexts(BEN).size() + dmTexts(AMARA).size();
        int discordDmCount = discordDms(HARRY).size()
                + discordDms(OMAR).size()
                + discordDms(GRACE).size();
        long pulledEntries = audit("PULLED");
        int updates = SLACK.calls("chat.update").size();
        app.close();
        app = null;
        start();
        settle();
        tickAt(now.plusSeconds(600));
        assertThat(audit("PULLED")).isEqualTo(pulledEntries).isEqualTo(2);
        assertThat(dmTexts(BEN).size() + dmTexts(AMARA).size()).isEqualTo(slackDms);
        assertThat(discordDms(HARRY).size()
                        + discordDms(OMAR).size()
                        + discordDms(GRACE).size())
                .isEqualTo(discordDmCount);
        assertThat(SLACK.calls("chat.update")).hasSize(updates);
        assertThat(events(slack)).hasSize(2);
        assertThat(events(discord)).hasSize(2);
    }

    // ================================================================== refused edit

    @Test
    @Order(2)
    void aRefusedEditPullsWhatItsGoodLinesNameCancelsTheUndeliveredApprovalAndIsToldOnBothPlatforms() throws Exception {
        if (app == null) start();
        long id = slackDraft(BEN, "school", "Noah Ali scored the winning goal!");
        WEBHOOK.failures.put(id, new AtomicInteger(1));
        StoredMessage card = slackCard(OAKFIELD_REVIEW, id);
        pushed(SLACK.payloads().reactionAdded(AMARA, "white_check_mark", OAKFIELD_REVIEW, card.ts()));
        settle();
        assertThat(state(id))
                .as("approved by the reaction; Amara was told: %s", dmTexts(AMARA))
                .isEqualTo("APPROVED");
        tickAt(now.plusSeconds(30));
        try {
            await().atMost(WAIT).until(() -> events(id).size() == 1); // answered 500: to be retried
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError(
                    "deliveries at " + now + ": "
                            + jdbc().sql("select * from draft_webhook").query().listOfRows() + "; received "
                            + WEBHOOK.received,
                    e);
        }

        replaceInConsent("    - Mia-Rose Clarke\n", "    - Mia-Rose Clarke\n    - Noah Ali\n    - Maisie\n");
        int maisie = lineOf("- Maisie");
        try {
            long start = System.nanoTime();
            assertThat(bean(TrustConfig.class).reloadIfChanged()).isTrue();
            SLACK.awaitCall(
                    "chat.update",
                    c -> card.ts().equals(c.param("ts")) && c.param("text").contains("Pulled — media consent"),
                    WAIT);
            long cardMs = (System.nanoTime() - start) / 1_000_000;
            await().atMost(WAIT)
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> events(id).stream().anyMatch(b -> b.contains("post.pulled")));
            long webhookMs = (System.nanoTime() - start) / 1_000_000;
            System.out.println("CONSENT WITHDRAWAL on Slack (ms after consent.yml was re-read): card edited " + cardMs
                    + ", webhook " + webhookMs);
            assertThat(Duration.ofMillis(Math.max(cardMs, webhookMs))).isLessThan(Duration.ofSeconds(10));
            assertThat(pulled(id)).isTrue();
            settle();
            String problem = "consent.yml:" + maisie + ":7: 'Maisie': give the pupil's first name and surname";
            // Oakfield's approvers on Slack, the trust's admin on Discord.
            for (List<String> dms : List.of(dmTexts(AMARA), dmTexts(LIAM), discordDms(KATE))) {
                assertThat(dms)
                        .anyMatch(t ->
                                t.contains("An edit of consent.yml was refused: 1 problem(s)") && t.contains(problem));
            }
            assertThat(discordDms(GRACE)).noneMatch(t -> t.contains("consent.yml"));
            // The failed post.approved is never retried: the pull cancelled it, and post.pulled follows it in sequence.
            await().atMost(WAIT).until(() -> events(id).size() == 2);
            tickAt(now.plusSeconds(600));
            assertThat(events(id)).hasSize(2);
            assertThat(events(id).get(1))
                    .contains("\"event\":\"post.pulled\"", "\"sequence\":2")
                    .doesNotContain("Noah");
            assertThat(jdbc().sql("select state from draft_webhook where draft_id = ? and event = 'post.approved'")
                            .param(id)
                            .query(String.class)
                            .single())
                    .isEqualTo("CANCELLED");
        } finally {
            replaceInConsent("    - Maisie\n", "");
            bean(TrustConfig.class).reloadIfChanged();
        }
    }

    // ================================================================== trust account, filing

    @Test
    @Order(3)
    void trustAccountDraftsMeetEverySchoolsListAndADraftIsFiledUnderItsAuthorsSchool() {
        if (app == null) start();
        // Dan teaches at Riverside; his draft for the trust's account names Oakfield's listed pupil.
        StoredView modal = openDraftModal(DAN, RIVERSIDE_STAFFROOM);
        int before = SLACK.calls("chat.postEphemeral").size();
        SLACK.pushInteractive(draftForm(
                        DAN, modal, "trust", "Congratulations to Zoë Adebayo of Oakfield on her poetry prize!"))
                .awaitAck(WAIT);
        String answer = newEphemeral(before, DAN, "can’t go to the approvers yet");
        assertThat(answer).contains("“Zoë Adebayo” is on the school’s no-media-consent list");
        assertThat(state(draftId(answer))).isEqualTo("BLOCKED");
        settle();
        assertThat(slackCards(TRUST_REVIEW, draftId(answer))).isEmpty();

        // Eleanor is based at Oakfield; drafting from Hillcrest's Discord, the draft is Oakfield's and meets Oakfield's
        // list.
        long eleanor =
                discordDraft(ELEANOR, HILLCREST_STAFFROOM, "school", "Olivia Brown read her story to the governors.");
        assertThat(jdbc().sql("select school_id from draft where id = ?")
                        .param(eleanor)
                        .query(String.class)
                        .single())
                .isEqualTo("oakfield");
        assertThat(state(eleanor)).isEqualTo("BLOCKED");
        assertThat(lastDiscordAnswer)
                .contains(
                        "“Olivia Brown” is on the school’s no-media-consent list",
                        "Filed under Oakfield, your school in the staff list, although you wrote it in Hillcrest’s space");
        assertThat(discordCards(HILLCREST_REVIEW, eleanor)).isEmpty();
    }

    // ================================================================== the application

    static void start() {
        Map<String, Object> p = StaffroomApp.properties(DATABASE, CONFIG, FILES);
        p.put("STAFFROOM_PUBLISH_WEBHOOK_URL", WEBHOOK.url());
        p.put("STAFFROOM_PUBLISH_WEBHOOK_SECRET", SECRET);
        p.put("staffroom.slack.bot-token", SLACK.botToken());
        p.put("staffroom.slack.app-token", SLACK.appToken());
        p.put("staffroom.slack.api-url", SLACK.apiUrlPrefix());
        p.put("staffroom.slack.mode", "socket");
        p.put("staffroom.slack.client-id", "");
        p.put("staffroom.slack.client-secret", "");
        p.put("staffroom.slack.reconnect-backoff", "500ms");
        discordSettings(p::put, DISCORD);
        app = StaffroomApp.start(p);
        MutableClock clock = bean(MutableClock.class);
        clock.set(now);
        Platforms.connected(clock, bean(Connectors.class), Platform.SLACK, Platform.DISCORD);
    }

    static <T> T bean(Class<T> type) {
        return app.getBean(type);
    }

    static JdbcClient jdbc() {
        return bean(JdbcClient.class);
    }

    static void settle() {
        Platforms.settle(bean(InboundEvents.class), bean(Chat.class), WAIT);
    }

    static void tickAt(Instant at) {
        now = at;
        bean(MutableClock.class).set(at);
        bean(Ticker.class).tickNow();
        settle();
    }

    static String state(long id) {
        return jdbc().sql("select state from draft where id = ?")
                .param(id)
                .query(String.class)
                .single();
    }

    static boolean pulled(long id) {
        return jdbc().sql("select pulled_at from draft where id = ?")
                .param(id)
                .query(Object.class)
                .optional()
                .isPresent();
    }

    static long audit(String action) {
        return jdbc().sql("select count(*) from review_audit where action = ?")
                .param(action)
                .query(Long.class)
                .single();
    }

    static void replaceInConsent(String from, String to) throws IOException {
        Path p = CONFIG.resolve("consent.yml");
        String before = Files.readString(p);
        assertThat(before).contains(from);
        Files.writeString(p, before.replace(from, to));
    }

    static int lineOf(String text) throws IOException {
        List<String> lines = Files.readAllLines(CONFIG.resolve("consent.yml"));
        for (int i = 0; i < lines.size(); i++) if (lines.get(i).contains(text)) return i + 1;
        throw new AssertionError(text + " not in consent.yml");
    }

    // ------------------------------------------------------------------ Slack

    static void pushed(JsonObject event) {
        SLACK.pushEvent(event).awaitAck(WAIT);
    }

    static long slackDraft(String user, String target, String text) {
        StoredView modal = openDraftModal(user, OAKFIELD_STAFFROOM);
        int before = SLACK.calls("chat.postEphemeral").size();
        SLACK.pushInteractive(draftForm(user, modal, target, text)).awaitAck(WAIT);
        long id = draftId(newEphemeral(before, user, "is with the approvers"));
        settle();
        return id;
    }

    /** The text of the first private answer to {@code user} containing {@code text} after the first {@code before} calls. */
    static String newEphemeral(int before, String user, String text) {
        return await().atMost(WAIT)
                .until(
                        () -> SLACK.calls("chat.postEphemeral").stream()
                                .skip(before)
                                .filter(c -> user.equals(c.param("user"))
                                        && c.param("text").contains(text))
                                .findFirst(),
                        java.util.Optional::isPresent)
                .orElseThrow()
                .param("text");
    }

    static StoredView openDraftModal(String user, String channel) {
        return Platforms.openDraftModal(SLACK, user, channel, WAIT);
    }

    static JsonObject draftForm(String user, StoredView modal, String target, String text) {
        return SLACK.payloads()
                .viewSubmission(user, "drafts.new")
                .of(modal)
                .plainText("text", "text", text)
                .staticSelect("target", "target", target, target)
                .multiStaticSelect("networks", "networks", Map.of("facebook", "Facebook"))
                .staticSelect("category", "category", "achievement", "Achievement")
                .datepicker("date", "date", null)
                .build();
    }

    static List<StoredMessage> slackCards(String channel, long draftId) {
        return SLACK.messages(channel).stream()
                .filter(m -> m.botId() != null && m.text().contains("Draft #" + draftId + " "))
                .toList();
    }

    static StoredMessage slackCard(String channel, long draftId) {
        List<StoredMessage> cards = slackCards(channel, draftId);
        assertThat(cards).as("the card of draft %s in %s", draftId, channel).hasSize(1);
        return cards.get(0);
    }

    static List<String> dmTexts(String user) {
        return SLACK.messages(SLACK.dmChannel(user)).stream()
                .filter(m -> m.botId() != null)
                .map(StoredMessage::text)
                .toList();
    }

    // ------------------------------------------------------------------ Discord

    static String lastDiscordAnswer;

    static long discordDraft(long user, long channel, String target, String text) {
        lastDiscordAnswer = discordDraftAnswer(DISCORD, channel, user, target, "achievement", text);
        settle();
        return draftId(lastDiscordAnswer);
    }

    static List<FakeDiscord.StoredMessage> discordCards(long channel, long draftId) {
        return DISCORD.messages(channel).stream()
                .filter(m -> m.authorId() == DISCORD.botId())
                .filter(m -> m.content().contains("Draft #" + draftId + " "))
                .toList();
    }

    static FakeDiscord.StoredMessage discordCard(long channel, long draftId) {
        List<FakeDiscord.StoredMessage> cards = discordCards(channel, draftId);
        assertThat(cards).as("the card of draft %s in %s", draftId, channel).hasSize(1);
        return cards.get(0);
    }

    static List<String> discordDms(long user) {
        return DISCORD.messages(DISCORD.dmChannel(user)).stream()
                .filter(m -> m.authorId() == DISCORD.botId())
                .map(m -> shown(m.json()))
                .toList();
    }

    // ------------------------------------------------------------------ the webhook's receiver

    /** The events received for a draft, in the order they arrived (bodies). */
    static List<String> events(long draftId) {
        return WEBHOOK.received.stream()
                .filter(b -> b.contains("\"id\":" + draftId + ","))
                .toList();
    }

    /** A loopback stand-in for the publishing tool behind the webhook; it can answer 500 on purpose. */
    static final class Receiver {
        final HttpServer server;
        final List<String> received = new CopyOnWriteArrayList<>();
        final Map<Long, AtomicInteger> failures = new ConcurrentHashMap<>();

        Receiver() {
            try {
                server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            server.createContext("/hook", exchange -> {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                received.add(body);
                int status = 200;
                for (Map.Entry<Long, AtomicInteger> f : failures.entrySet()) {
                    if (body.contains("\"id\":" + f.getKey() + ",")
                            && f.getValue().getAndDecrement() > 0) status = 500;
                }
                exchange.sendResponseHeaders(status, -1);
                exchange.close();
            });
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
        }
    }
}
