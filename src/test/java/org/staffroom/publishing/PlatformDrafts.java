package org.staffroom.publishing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.staffroom.platforms.Platforms.*;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.staffroom.drafts.TestPhotos;
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
 * Drafts made and approved the way people do it on the platforms, against the loopback fakes through
 * Staffroom's real Bolt and JDA clients: Ben in Oakfield's Slack staffroom, Harry in Hillcrest's
 * Discord staffroom, a photo shared and then "Submit as post draft" on it, the photo described and
 * the date set from the answer's buttons; Amara approves on Slack, Grace and Omar on Discord. Shared
 * by the end-to-end test of one instance and the test of two instances on PostgreSQL.
 */
final class PlatformDrafts {

    private final FakeSlack slack;
    private final FakeDiscord discord;
    private final Runnable settle;
    private final JdbcClient jdbc;
    private final Duration wait;

    /**
     * @param settle waits until Staffroom has handled every event handed in and sent every post they caused
     * @param jdbc   Staffroom's database, for the drafts' states
     */
    PlatformDrafts(FakeSlack slack, FakeDiscord discord, Runnable settle, JdbcClient jdbc, Duration wait) {
        this.slack = slack;
        this.discord = discord;
        this.settle = settle;
        this.jdbc = jdbc;
        this.wait = wait;
    }

    String draftState(long id) {
        return jdbc.sql("select state from draft where id = ?")
                .param(id)
                .query(String.class)
                .single();
    }

    static final List<String> ALL_PUBLISHED = List.of("PUBLISHED", "PUBLISHED", "PUBLISHED", "PUBLISHED");
    static final List<String> FOUR = List.of("facebook", "instagram", "bluesky", "mastodon");

    /** Posts made so far on one school's four accounts. */
    record Counts(int facebook, int instagram, int bluesky, int mastodon) {
        static Counts of(FakeGraph graph, FakeBluesky bluesky, FakeMastodon mastodon) {
            return new Counts(
                    graph.pagePostsCreated(), graph.instagramPublished(), bluesky.created(), mastodon.created());
        }

        Counts plusOne() {
            return new Counts(facebook + 1, instagram + 1, bluesky + 1, mastodon + 1);
        }
    }

    /**
     * Ben shares a photo in Oakfield's staffroom (a {@code file_share} message), then uses the "Submit as post draft"
     * message shortcut on it: the draft form for all four networks, the photo described on it, then "Set wanted date" from
     * the answer's buttons. Returns the draft's number.
     */
    long slackPhotoDraft(String text, String date) {
        byte[] photo = TestPhotos.plainJpeg(64, 48);
        JsonObject share = slack.payloads()
                .fileShare(OAKFIELD_STAFFROOM, BEN, text, slack.payloads().file("photo.jpg", "image/jpeg", photo));
        slack.pushEvent(share).awaitAck(wait);
        settle.run();
        int views = slack.views().size();
        slack.pushInteractive(slack.payloads()
                        .messageShortcut(
                                "drafts.submit-message",
                                BEN,
                                OAKFIELD_STAFFROOM,
                                share.get("ts").getAsString()))
                .awaitAck(wait);
        StoredView modal = slackView("drafts.new", views);
        Map<String, String> networks = new LinkedHashMap<>();
        networks.put("facebook", "Facebook");
        networks.put("instagram", "Instagram");
        networks.put("bluesky", "Bluesky");
        networks.put("mastodon", "Mastodon");
        int answers = slackAnswers().size();
        slack.pushInteractive(slack.payloads()
                        .viewSubmission(BEN, "drafts.new")
                        .of(modal)
                        .plainText("text", "text", text)
                        .staticSelect("target", "target", "school", "Oakfield’s own accounts")
                        .multiStaticSelect("networks", "networks", networks)
                        .staticSelect("category", "category", "event", "Event")
                        .staticSelect("consent", "consent", "yes", "Yes: I checked, everyone pictured has consent")
                        // Slack's draft form asks for each photo's description itself.
                        .plainText("alt.1", "alt.1", ALT)
                        .build())
                .awaitAck(wait);
        RecordedCall answer = slackAnswer(answers);
        long id = draftId(answer.param("text"));
        settle.run();

        answer = slackFormFromButton(answer, "drafts.date", "drafts.date", v -> v.datepicker("date", "date", date));
        assertThat(answer.param("text")).contains("Draft #" + id);
        settle.run();
        return id;
    }

    /** Presses a button on Ben's private answer, fills the form it opens and returns the next answer. */
    RecordedCall slackFormFromButton(
            RecordedCall answer,
            String actionId,
            String callbackId,
            java.util.function.UnaryOperator<org.staffroom.testing.slack.SlackPayloads.ViewSubmission> fill) {
        JsonObject button = slackButton(answer.jsonParam("blocks").getAsJsonArray(), actionId);
        int views = slack.views().size();
        slack.pushInteractive(slack.payloads()
                        .blockActions(BEN, actionId)
                        .blockId(button.get("block_id").getAsString())
                        .value(button.get("value").getAsString())
                        .onMessage(
                                OAKFIELD_STAFFROOM,
                                answer.response().get("message_ts").getAsString())
                        .build())
                .awaitAck(wait);
        StoredView form = slackView(callbackId, views);
        int answers = slackAnswers().size();
        slack.pushInteractive(fill.apply(
                                slack.payloads().viewSubmission(BEN, callbackId).of(form))
                        .build())
                .awaitAck(wait);
        RecordedCall next = slackAnswer(answers);
        settle.run();
        return next;
    }

    /** A view the bot opened with {@code callbackId}, after the first {@code before}. */
    StoredView slackView(String callbackId, int before) {
        await().atMost(wait)
                .until(() -> slack.views().stream().skip(before).anyMatch(v -> callbackId.equals(v.callbackId())));
        return slack.views().stream()
                .skip(before)
                .filter(v -> callbackId.equals(v.callbackId()))
                .reduce((a, b) -> b)
                .orElseThrow();
    }

    /** The bot's private answers to Ben in Oakfield's staffroom. */
    List<RecordedCall> slackAnswers() {
        return slack.calls("chat.postEphemeral").stream()
                .filter(c -> c.ok() && BEN.equals(c.param("user")) && OAKFIELD_STAFFROOM.equals(c.param("channel")))
                .toList();
    }

    /** Ben's next private answer about a draft, after the first {@code before}. */
    RecordedCall slackAnswer(int before) {
        await().atMost(wait)
                .until(() -> slackAnswers().stream()
                        .skip(before)
                        .anyMatch(c -> c.param("text").contains("raft #")));
        return slackAnswers().stream()
                .skip(before)
                .filter(c -> c.param("text").contains("raft #"))
                .reduce((a, b) -> b)
                .orElseThrow();
    }

    static JsonObject slackButton(com.google.gson.JsonArray blocks, String actionId) {
        for (com.google.gson.JsonElement block : blocks) {
            JsonObject b = block.getAsJsonObject();
            if (!"actions".equals(b.get("type").getAsString())) continue;
            for (com.google.gson.JsonElement e : b.getAsJsonArray("elements")) {
                JsonObject element = e.getAsJsonObject();
                if (actionId.equals(element.get("action_id").getAsString())) {
                    JsonObject out = element.deepCopy();
                    out.addProperty("block_id", b.get("block_id").getAsString());
                    return out;
                }
            }
        }
        throw new AssertionError("no " + actionId + " button in " + blocks);
    }

    /** Amara approves the draft on its Slack card. */
    void approveOnSlack(long id) {
        StoredMessage card = slackCard(id);
        JsonObject approve = approveButton(card);
        slack.pushInteractive(slack.payloads()
                        .blockActions(AMARA, "approvals.approve")
                        .blockId(approve.get("block_id").getAsString())
                        .value(approve.get("value").getAsString())
                        .onMessage(OAKFIELD_REVIEW, card.ts())
                        .build())
                .awaitAck(wait);
        settle.run();
        assertThat(draftState(id)).isEqualTo("APPROVED");
    }

    /**
     * Harry posts a photo in Hillcrest's staffroom, then uses the "Submit as post draft" message command on it: the
     * draft form for all four networks, then "Describe photos" and "Set wanted date" from the reply's buttons. The
     * photo is fetched from the fake's loopback CDN. Returns the draft's number.
     */
    long discordPhotoDraft(String text, String date) {
        org.staffroom.testing.discord.Dispatch post = discord.push(discord.events()
                .message(HILLCREST_STAFFROOM, HARRY, text)
                .attachment("photo.jpg", "image/jpeg", TestPhotos.plainJpeg(64, 48))
                .build());
        settle.run();
        JsonNode form = discord.awaitInteractionCallback(discord.push(
                discord.events().messageCommand(HILLCREST_STAFFROOM, HARRY, "Submit as post draft", post.id())));
        assertThat(form.get("type").asInt())
                .as("the draft form as a modal: %s", form)
                .isEqualTo(9);
        org.staffroom.testing.discord.Dispatch submit = discord.push(discord.events()
                .modalSubmit(
                        HILLCREST_STAFFROOM,
                        HARRY,
                        form.get("data").get("custom_id").asString())
                .textInput("text", text)
                .stringSelect("target", "school")
                .stringSelect("networks", FOUR.toArray(String[]::new))
                .stringSelect("category", "event")
                .stringSelect("consent", "yes")
                .build());
        JsonNode answer = discord.awaitInteractionCallback(submit);
        long id = draftId(answer.path("data").path("content").asString(""));
        settle.run();
        // Discord's five form fields are the draft's own: the photo is described from the answer's button.
        submit = discordFormFromButton(submit, answer, "drafts.alt", m -> m.textInput("alt.1", ALT));
        submit = discordFormFromButton(
                submit, discord.awaitInteractionCallback(submit), "drafts.date", m -> m.textInput("date", date));
        assertThat(discord.awaitInteractionCallback(submit)
                        .path("data")
                        .path("content")
                        .asString(""))
                .contains("Draft #" + id);
        settle.run();
        return id;
    }

    /** Presses a button on the bot's reply to {@code replied}, fills the modal it opens; returns that submission. */
    org.staffroom.testing.discord.Dispatch discordFormFromButton(
            org.staffroom.testing.discord.Dispatch replied,
            JsonNode reply,
            String action,
            java.util.function.UnaryOperator<org.staffroom.testing.discord.DiscordEvents.ModalSubmitBuilder> fill) {
        String customId = null;
        for (JsonNode row : reply.path("data").path("components"))
            for (JsonNode c : row.path("components"))
                if (c.path("custom_id").asString("").startsWith(action + "|"))
                    customId = c.get("custom_id").asString();
        assertThat(customId).as("a %s button on %s", action, reply).isNotNull();
        JsonNode modal = discord.awaitInteractionCallback(discord.push(
                discord.events().button(HILLCREST_STAFFROOM, HARRY, discord.replyMessageId(replied), customId)));
        assertThat(modal.get("type").asInt()).as("a modal: %s", modal).isEqualTo(9);
        org.staffroom.testing.discord.Dispatch submit = discord.push(fill.apply(discord.events()
                        .modalSubmit(
                                HILLCREST_STAFFROOM,
                                HARRY,
                                modal.get("data").get("custom_id").asString()))
                .build());
        discord.awaitInteractionCallback(submit);
        settle.run();
        return submit;
    }

    /** Grace and Omar approve the draft on its Discord card (Hillcrest needs two). */
    void approveOnDiscord(long id) {
        FakeDiscord.StoredMessage card = discordCard(id);
        String approve = buttons(card).stream()
                .filter(b -> b.startsWith("approvals.approve|"))
                .findFirst()
                .orElseThrow();
        for (long approver : List.of(GRACE, OMAR)) {
            discord.awaitInteractionCallback(
                    discord.push(discord.events().button(HILLCREST_REVIEW, approver, card.id(), approve)));
            settle.run();
        }
        assertThat(draftState(id)).isEqualTo("APPROVED");
    }

    /** The post is on each network once, with its photo (described, where the network takes a description). */
    static void assertPhotoPost(FakeGraph graph, FakeBluesky bluesky, FakeMastodon mastodon, String words) {
        assertThat(graph.pagePosts().values())
                .filteredOn(p -> String.valueOf(p.get("message")).contains(words)
                        || String.valueOf(p.get("caption")).contains(words))
                .hasSize(1);
        assertThat(graph.instagramMedia().values())
                .filteredOn(m -> String.valueOf(m.get("caption")).contains(words))
                .hasSize(1);
        assertThat(bluesky.posts().values())
                .filteredOn(r -> r.path("text").asString("").contains(words))
                .singleElement()
                .satisfies(r -> assertThat(r.path("embed")
                                .path("images")
                                .path(0)
                                .path("alt")
                                .asString())
                        .isEqualTo(ALT));
        assertThat(mastodon.statuses().values())
                .filteredOn(st -> String.valueOf(st.get("content")).contains(words))
                .hasSize(1);
    }

    static final String ALT = "Pupils' artwork on display boards in the school hall";

    /** The card's Approve button (its value) and the block holding it (block_id), as Slack sends them on a click. */
    static JsonObject approveButton(StoredMessage card) {
        for (com.google.gson.JsonElement block : card.blocks()) {
            JsonObject b = block.getAsJsonObject();
            if (!"actions".equals(b.get("type").getAsString())) continue;
            for (com.google.gson.JsonElement e : b.getAsJsonArray("elements")) {
                JsonObject element = e.getAsJsonObject();
                if ("approvals.approve".equals(element.get("action_id").getAsString())) {
                    JsonObject out = element.deepCopy();
                    out.addProperty("block_id", b.get("block_id").getAsString());
                    return out;
                }
            }
        }
        throw new AssertionError("no Approve button on the card: " + card.text());
    }

    List<StoredMessage> slackCards(long draftId) {
        return slack.messages(OAKFIELD_REVIEW).stream()
                .filter(m -> m.botId() != null && m.text().contains("Draft #" + draftId + " "))
                .toList();
    }

    StoredMessage slackCard(long draftId) {
        List<StoredMessage> cards = slackCards(draftId);
        assertThat(cards).as("the card of draft %s", draftId).hasSize(1);
        return cards.get(0);
    }

    List<String> slackDms(String user) {
        return slack.messages(slack.dmChannel(user)).stream()
                .filter(m -> m.botId() != null)
                .map(StoredMessage::text)
                .toList();
    }

    List<FakeDiscord.StoredMessage> discordCards(long draftId) {
        return discord.messages(HILLCREST_REVIEW).stream()
                .filter(m -> m.authorId() == discord.botId())
                .filter(m -> m.json().path("content").asString("").contains("Draft #" + draftId + " "))
                .toList();
    }

    FakeDiscord.StoredMessage discordCard(long draftId) {
        List<FakeDiscord.StoredMessage> cards = discordCards(draftId);
        assertThat(cards).as("the card of draft %s", draftId).hasSize(1);
        return cards.get(0);
    }

    List<String> discordDms(long user) {
        return discord.messages(discord.dmChannel(user)).stream()
                .filter(m -> m.authorId() == discord.botId())
                .map(m -> shown(m.json()))
                .toList();
    }

    /**
     * Gives {@code school} its publishing time and its Facebook Page, Instagram, Bluesky and Mastodon accounts at the
     * fakes (Instagram through the same Graph fake and token as the Page), in {@code config}, a copy of the sample
     * configuration; tokens come from {@code env}_FB, _BSKY and _MASTODON.
     */
    static void connect(
            Path config,
            String school,
            String time,
            String page,
            String instagram,
            FakeGraph graph,
            String handle,
            FakeBluesky bluesky,
            String username,
            FakeMastodon mastodon,
            String env) {
        try {
            Path schools = config.resolve("schools.yml");
            String yml = Files.readString(schools);
            Matcher entry = Pattern.compile(
                            "(?m)^  - id: " + school + "(?![-\\w])[\\s\\S]*?\\n    index-hashtags: true[^\\n]*\\n")
                    .matcher(yml);
            assertThat(entry.find()).as("%s in schools.yml", school).isTrue();
            String accounts = """
                        publishing:
                          time: "%s"
                          accounts:
                            - network: facebook
                              account: "%s"
                              base-url: %s
                              token-env: %s_FB
                            - network: instagram
                              account: "%s"
                              base-url: %s
                              token-env: %s_FB
                            - network: bluesky
                              account: %s
                              base-url: %s
                              token-env: %s_BSKY
                            - network: mastodon
                              account: %s
                              base-url: %s
                              token-env: %s_MASTODON
                    """.formatted(
                            time,
                            page,
                            graph.baseUrl(),
                            env,
                            instagram,
                            graph.baseUrl(),
                            env,
                            handle,
                            bluesky.baseUrl(),
                            env,
                            username,
                            mastodon.baseUrl(),
                            env);
            Files.writeString(schools, yml.substring(0, entry.end()) + accounts + yml.substring(entry.end()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
