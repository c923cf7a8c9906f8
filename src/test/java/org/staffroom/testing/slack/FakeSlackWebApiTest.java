package org.staffroom.testing.slack;

import static com.slack.api.model.block.Blocks.asBlocks;
import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.markdownText;
import static com.slack.api.model.view.Views.view;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.slack.api.Slack;
import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.response.chat.ChatPostMessageResponse;
import com.slack.api.methods.response.conversations.ConversationsHistoryResponse;
import com.slack.api.methods.response.conversations.ConversationsRepliesResponse;
import com.slack.api.methods.response.reactions.ReactionsGetResponse;
import com.slack.api.methods.response.views.ViewsPublishResponse;
import com.slack.api.model.Reaction;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The fake's Web API methods through the SDK's own {@link MethodsClient}: request encoding, response shapes
 * the SDK parses, Slack's error codes, state, and the scripted faults.
 */
class FakeSlackWebApiTest {

    private static final String CHANNEL = "C0STAFF01";
    private static final String ALICE = "U0ALICE01";
    private static final String BOB = "U0BOB0001";

    private FakeSlack slack;
    private Slack sdk;
    private MethodsClient client;

    @BeforeEach
    void start() {
        slack = FakeSlack.builder()
                .user(new FakeUser(ALICE, "alice", "Alice Adams", "Mrs Adams", "Europe/London", null, false))
                .user(FakeUser.of(BOB, "bob", "Bob Brown"))
                .channel(CHANNEL, "staffroom")
                .usergroup("S0APPROVE", List.of(ALICE, BOB))
                .start();
        sdk = Slack.getInstance(slack.slackConfig());
        client = sdk.methods(slack.botToken());
    }

    @AfterEach
    void stop() throws Exception {
        sdk.close();
        slack.close();
    }

    @Test
    void tokensAreCheckedLikeSlackChecksThem() throws Exception {
        assertThat(client.authTest(r -> r).getUserId()).isEqualTo(slack.botUserId());
        assertThat(sdk.methods("xoxb-not-issued").authTest(r -> r).getError()).isEqualTo("invalid_auth");
        assertThat(sdk.methods(slack.appToken())
                        .chatPostMessage(r -> r.channel(CHANNEL).text("x"))
                        .getError())
                .isEqualTo("not_allowed_token_type");
        assertThat(client.appsConnectionsOpen(r -> r).getError()).isEqualTo("not_allowed_token_type");
        assertThat(sdk.methods(slack.appToken()).appsConnectionsOpen(r -> r).getUrl())
                .startsWith("ws://127.0.0.1:");

        RecordedCall post = slack.calls("chat.postMessage").get(0);
        assertThat(post.header("Authorization")).isEqualTo("Bearer " + slack.appToken());
        assertThat(post.header("Content-Type")).startsWith("application/x-www-form-urlencoded");
        assertThat(post.rawBody()).contains("channel=" + CHANNEL).contains("text=x");
        assertThat(post.params()).doesNotContainKey("token");
    }

    @Test
    void threadsRepliesBroadcastsAndPermalinks() throws Exception {
        ChatPostMessageResponse parent = client.chatPostMessage(r -> r.channel(CHANNEL)
                .text("Question 1")
                .blocks(asBlocks(section(s -> s.text(markdownText("*Question 1*"))))));
        ChatPostMessageResponse reply = client.chatPostMessage(
                r -> r.channel(CHANNEL).threadTs(parent.getTs()).text("a"));
        ChatPostMessageResponse broadcast = client.chatPostMessage(r ->
                r.channel(CHANNEL).threadTs(parent.getTs()).replyBroadcast(true).text("b"));
        assertThat(List.of(parent.getTs(), reply.getTs(), broadcast.getTs()))
                .isSorted()
                .doesNotHaveDuplicates();
        assertThat(parent.getTs()).matches("\\d{10}\\.\\d{6}");

        assertThat(slack.messages(CHANNEL)).extracting(StoredMessage::text).containsExactly("Question 1", "b");
        assertThat(slack.thread(CHANNEL, parent.getTs()))
                .extracting(StoredMessage::text)
                .containsExactly("Question 1", "a", "b");
        assertThat(slack.message(CHANNEL, parent.getTs()).orElseThrow().blocks().toString())
                .contains("*Question 1*");

        ConversationsRepliesResponse replies =
                client.conversationsReplies(r -> r.channel(CHANNEL).ts(parent.getTs()));
        assertThat(replies.getMessages()).extracting(m -> m.getText()).containsExactly("Question 1", "a", "b");
        assertThat(replies.getMessages().get(0).getReplyCount()).isEqualTo(2);
        ConversationsHistoryResponse history =
                client.conversationsHistory(r -> r.channel(CHANNEL).limit(1));
        assertThat(history.getMessages()).extracting(m -> m.getText()).containsExactly("b");
        assertThat(history.isHasMore()).isTrue();
        ConversationsHistoryResponse next = client.conversationsHistory(r ->
                r.channel(CHANNEL).limit(1).cursor(history.getResponseMetadata().getNextCursor()));
        assertThat(next.getMessages()).extracting(m -> m.getText()).containsExactly("Question 1");

        String link = client.chatGetPermalink(r -> r.channel(CHANNEL).messageTs(reply.getTs()))
                .getPermalink();
        assertThat(link)
                .contains("/archives/" + CHANNEL + "/p" + reply.getTs().replace(".", ""))
                .contains("thread_ts=" + parent.getTs());
    }

    @Test
    void updateDeleteAndEphemeral() throws Exception {
        String ts =
                client.chatPostMessage(r -> r.channel(CHANNEL).text("draft")).getTs();
        assertThat(client.chatUpdate(r -> r.channel(CHANNEL).ts(ts).text("final"))
                        .getMessage()
                        .getText())
                .isEqualTo("final");
        assertThat(slack.message(CHANNEL, ts).orElseThrow().edited()).isTrue();

        String usersTs = slack.addUserMessage(CHANNEL, ALICE, "mine").ts();
        assertThat(client.chatUpdate(r -> r.channel(CHANNEL).ts(usersTs).text("x"))
                        .getError())
                .isEqualTo("cant_update_message");
        assertThat(client.chatDelete(r -> r.channel(CHANNEL).ts(usersTs)).getError())
                .isEqualTo("cant_delete_message");
        assertThat(client.chatDelete(r -> r.channel(CHANNEL).ts(ts)).isOk()).isTrue();
        assertThat(client.chatDelete(r -> r.channel(CHANNEL).ts(ts)).getError()).isEqualTo("message_not_found");
        assertThat(client.chatPostMessage(r -> r.channel(CHANNEL)).getError()).isEqualTo("no_text");

        assertThat(client.chatPostEphemeral(r -> r.channel(CHANNEL).user(ALICE).text("only you"))
                        .getMessageTs())
                .isNotBlank();
        assertThat(slack.ephemeralMessages())
                .singleElement()
                .satisfies(e -> assertThat(Json.str(e, "user")).isEqualTo(ALICE));
        assertThat(slack.messages(CHANNEL)).extracting(StoredMessage::text).containsExactly("mine");
    }

    /** What Slack refuses, the fake refuses: Block Kit limits, over-long text, and an update of a message that is not there. */
    @Test
    void blockKitAndTextLimitsAreEnforced() throws Exception {
        String section = "[{\"type\":\"section\",\"text\":{\"type\":\"mrkdwn\",\"text\":\"%s\"}}]";
        assertThat(client.chatPostMessage(r ->
                                r.channel(CHANNEL).text("ok").blocksAsString(String.format(section, "x".repeat(3000))))
                        .isOk())
                .isTrue();
        assertThat(client.chatPostMessage(r -> r.channel(CHANNEL)
                                .text("long section")
                                .blocksAsString(String.format(section, "x".repeat(3001))))
                        .getError())
                .isEqualTo("invalid_blocks");
        assertThat(client.chatPostMessage(r ->
                                r.channel(CHANNEL).text("empty section").blocksAsString(String.format(section, "")))
                        .getError())
                .isEqualTo("invalid_blocks");
        String divider = "{\"type\":\"divider\"}";
        String fiftyOne = "[" + String.join(",", java.util.Collections.nCopies(51, divider)) + "]";
        assertThat(client.chatPostMessage(
                                r -> r.channel(CHANNEL).text("51 blocks").blocksAsString(fiftyOne))
                        .getError())
                .isEqualTo("invalid_blocks");
        String longButton = "[{\"type\":\"actions\",\"elements\":[{\"type\":\"button\",\"action_id\":\"a\","
                + "\"text\":{\"type\":\"plain_text\",\"text\":\"" + "b".repeat(76) + "\"}}]}]";
        assertThat(client.chatPostMessage(r -> r.channel(CHANNEL).text("button").blocksAsString(longButton))
                        .getError())
                .isEqualTo("invalid_blocks");

        assertThat(client.chatPostMessage(r -> r.channel(CHANNEL).text("y".repeat(40_001)))
                        .getError())
                .isEqualTo("msg_too_long");
        String ts =
                client.chatPostMessage(r -> r.channel(CHANNEL).text("short")).getTs();
        assertThat(client.chatUpdate(r -> r.channel(CHANNEL).ts(ts).text("y".repeat(40_001)))
                        .getError())
                .isEqualTo("msg_too_long");
        assertThat(client.chatUpdate(r -> r.channel(CHANNEL).ts("1.000001").text("gone"))
                        .getError())
                .isEqualTo("message_not_found");
        assertThat(slack.messages(CHANNEL)).extracting(StoredMessage::text).containsExactly("ok", "short");
    }

    @Test
    void reactionsAreStoredAndReadBackAsSlackReturnsThem() throws Exception {
        String ts =
                client.chatPostMessage(r -> r.channel(CHANNEL).text("Approve?")).getTs();
        slack.addReaction(CHANNEL, ts, "white_check_mark", ALICE);
        assertThat(client.reactionsAdd(r -> r.channel(CHANNEL).timestamp(ts).name("white_check_mark"))
                        .isOk())
                .isTrue();
        assertThat(client.reactionsAdd(r -> r.channel(CHANNEL).timestamp(ts).name("white_check_mark"))
                        .getError())
                .isEqualTo("already_reacted");
        assertThat(client.reactionsAdd(
                                r -> r.channel(CHANNEL).timestamp("1.000001").name("x"))
                        .getError())
                .isEqualTo("message_not_found");

        ReactionsGetResponse got =
                client.reactionsGet(r -> r.channel(CHANNEL).timestamp(ts).full(true));
        assertThat(got.getMessage().getReactions()).singleElement().satisfies((Reaction reaction) -> {
            assertThat(reaction.getName()).isEqualTo("white_check_mark");
            assertThat(reaction.getUsers()).containsExactly(ALICE, slack.botUserId());
            assertThat(reaction.getCount()).isEqualTo(2);
        });
        assertThat(client.reactionsRemove(r -> r.channel(CHANNEL).timestamp(ts).name("white_check_mark"))
                        .isOk())
                .isTrue();
        assertThat(client.reactionsRemove(r -> r.channel(CHANNEL).timestamp(ts).name("white_check_mark"))
                        .getError())
                .isEqualTo("no_reaction");
        assertThat(slack.reactions(CHANNEL, ts)).containsOnlyKeys("white_check_mark");
        assertThat(slack.reactions(CHANNEL, ts).get("white_check_mark")).containsExactly(ALICE);
    }

    @Test
    void directoryConversationsAndViews() throws Exception {
        String dm = client.conversationsOpen(r -> r.users(List.of(ALICE)))
                .getChannel()
                .getId();
        assertThat(dm).isEqualTo(slack.dmChannel(ALICE)).startsWith("D");
        assertThat(client.conversationsOpen(r -> r.users(List.of(ALICE)))
                        .getChannel()
                        .getId())
                .isEqualTo(dm);
        assertThat(client.conversationsInfo(r -> r.channel(dm)).getChannel().isIm())
                .isTrue();
        assertThat(client.conversationsInfo(r -> r.channel(CHANNEL))
                        .getChannel()
                        .getName())
                .isEqualTo("staffroom");
        assertThat(client.conversationsInfo(r -> r.channel("C0NOWHERE")).getError())
                .isEqualTo("channel_not_found");

        var alice = client.usersInfo(r -> r.user(ALICE)).getUser();
        assertThat(alice.getRealName()).isEqualTo("Alice Adams");
        assertThat(alice.getProfile().getDisplayName()).isEqualTo("Mrs Adams");
        assertThat(alice.getTz()).isEqualTo("Europe/London");
        assertThat(alice.getTeamId()).isEqualTo(slack.teamId());
        assertThat(client.usersInfo(r -> r.user("U0NOBODY")).getError()).isEqualTo("user_not_found");
        assertThat(client.usergroupsUsersList(r -> r.usergroup("S0APPROVE")).getUsers())
                .containsExactly(ALICE, BOB);
        assertThat(client.teamInfo(r -> r).getTeam().getDomain()).isEqualTo(slack.teamDomain());

        ViewsPublishResponse home = client.viewsPublish(r -> r.userId(ALICE)
                .view(view(v -> v.type("home").blocks(asBlocks(section(s -> s.text(markdownText("Hi"))))))));
        assertThat(home.isOk()).isTrue();
        assertThat(slack.homeView(ALICE))
                .hasValueSatisfying(
                        v -> assertThat(v.id()).isEqualTo(home.getView().getId()));
        assertThat(client.viewsOpen(r -> r.triggerId("made-up").view(view(v -> v.type("modal"))))
                        .getError())
                .isEqualTo("invalid_trigger_id");
        String trigger = slack.payloads().newTriggerId(ALICE);
        assertThat(client.viewsOpen(r -> r.triggerId(trigger)
                                .view(view(v -> v.type("modal").callbackId("m"))))
                        .isOk())
                .isTrue();
        assertThat(client.viewsOpen(r -> r.triggerId(trigger).view(view(v -> v.type("modal"))))
                        .getError())
                .isEqualTo("trigger_exchanged");
    }

    @Test
    void unknownMethodsSucceedButAreRecorded() throws Exception {
        assertThat(client.pinsAdd(r -> r.channel(CHANNEL).timestamp("1.000001")).isOk())
                .isTrue();
        assertThat(slack.calls("pins.add"))
                .singleElement()
                .satisfies(c -> assertThat(c.param("channel")).isEqualTo(CHANNEL));
    }

    @Test
    void scriptedFaultsDelaysAndTheRateLimitMonitor() throws Exception {
        slack.failNext("chat.update", 1, 503);
        assertThatThrownBy(() ->
                        client.chatUpdate(r -> r.channel(CHANNEL).ts("1.000001").text("x")))
                .isInstanceOfSatisfying(
                        SlackApiException.class,
                        e -> assertThat(e.getResponse().code()).isEqualTo(503));
        slack.errorNext("chat.postMessage", 1, "not_in_channel");
        assertThat(client.chatPostMessage(r -> r.channel(CHANNEL).text("x")).getError())
                .isEqualTo("not_in_channel");

        slack.delay("users.info", Duration.ofMillis(300));
        long start = System.nanoTime();
        client.usersInfo(r -> r.user(ALICE));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));

        slack.rateLimit("chat.postMessage", 1);
        for (int i = 0; i < 3; i++) {
            int n = i;
            assertThat(client.chatPostMessage(r -> r.channel(CHANNEL).text("burst " + n))
                            .isOk())
                    .isTrue();
        }
        assertThat(client.chatPostMessage(r -> r.channel("C0OTHER01").text("elsewhere"))
                        .isOk())
                .isTrue();
        assertThat(slack.rateLimitViolations())
                .hasSize(2)
                .allSatisfy(c -> assertThat(c.param("channel")).isEqualTo(CHANNEL));

        slack.clearFaults();
        slack.enforceRateLimit("chat.postMessage", 1);
        client.chatPostMessage(r -> r.channel("C0OTHER02").text("one"));
        assertThatThrownBy(
                        () -> client.chatPostMessage(r -> r.channel("C0OTHER02").text("two")))
                .isInstanceOfSatisfying(SlackApiException.class, e -> {
                    assertThat(e.getResponse().code()).isEqualTo(429);
                    assertThat(e.getResponse().header("Retry-After")).isEqualTo("1");
                });
    }

    @Test
    void aWorkspaceWideCeilingCountsEveryChannelTogether() throws Exception {
        slack.enforceWorkspaceRateLimit("chat.postMessage", 3, java.time.Duration.ofMinutes(1));
        for (int i = 0; i < 3; i++) {
            String channel = "C0WIDE0" + i;
            assertThat(client.chatPostMessage(r -> r.channel(channel).text("one each"))
                            .isOk())
                    .isTrue();
        }
        assertThatThrownBy(
                        () -> client.chatPostMessage(r -> r.channel("C0WIDE09").text("a fourth channel")))
                .isInstanceOfSatisfying(SlackApiException.class, e -> {
                    assertThat(e.getResponse().code()).isEqualTo(429);
                    assertThat(e.getError().getError()).isEqualTo("ratelimited");
                    // Until the oldest of the three leaves the minute's window.
                    assertThat(Integer.parseInt(e.getResponse().header("Retry-After")))
                            .isBetween(50, 60);
                });
        assertThat(slack.rateLimitViolations())
                .singleElement()
                .satisfies(c -> assertThat(c.param("channel")).isEqualTo("C0WIDE09"));
    }

    @Test
    void responseUrlsAndHostedFiles() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String url = slack.payloads().newResponseUrl();
        for (int i = 0; i < 6; i++) {
            int status = post(http, url, "{\"text\":\"update " + i + "\",\"replace_original\":true}");
            assertThat(status).isEqualTo(i < 5 ? 200 : 404); // Slack allows five uses
        }
        assertThat(slack.responseUrlPosts()).extracting(ResponseUrlPost::text).startsWith("update 0", "update 1");
        assertThat(post(http, slack.baseUrl() + "/respond/not-issued", "{}")).isEqualTo(404);

        String fileUrl = slack.payloads()
                .file("photo.jpg", "image/jpeg", new byte[] {1, 2, 3})
                .get("url_private")
                .getAsString();
        HttpResponse<byte[]> withToken = http.send(
                HttpRequest.newBuilder(URI.create(fileUrl))
                        .header("Authorization", "Bearer " + slack.botToken())
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(withToken.statusCode()).isEqualTo(200);
        assertThat(withToken.body()).containsExactly(1, 2, 3);
        HttpResponse<byte[]> anonymous =
                http.send(HttpRequest.newBuilder(URI.create(fileUrl)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(anonymous.statusCode()).isEqualTo(404);
    }

    private static int post(HttpClient http, String url, String json) throws IOException, InterruptedException {
        return http.send(
                        HttpRequest.newBuilder(URI.create(url))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(json))
                                .build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }
}
