package org.staffroom.testing.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import com.slack.api.Slack;
import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.response.oauth.OAuthV2AccessResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The fake with the app installed in two workspaces, through the SDK's own {@link MethodsClient}: each
 * token speaks for its own team, a channel of one workspace is not found with the other's token, an
 * OAuth code for the second workspace gives its token, workspace-wide limits count each workspace
 * apart, and payloads carry the team they come from.
 */
class FakeSlackWorkspacesTest {

    private static final String NORTH = "T0NORTH001";
    private static final String SOUTH = "T0SOUTH001";
    private static final String NORTH_CHANNEL = "C0NORTH001";
    private static final String SOUTH_CHANNEL = "C0SOUTH001";

    private FakeSlack slack;
    private Slack sdk;
    private MethodsClient north;
    private MethodsClient south;

    @BeforeEach
    void start() {
        slack = FakeSlack.builder()
                .team(NORTH, "North Trust", "north-trust")
                .workspace(SOUTH, "South Trust", "south-trust")
                .channel(NORTH_CHANNEL, "north-staffroom")
                .channelIn(SOUTH, SOUTH_CHANNEL, "south-staffroom")
                .user(FakeUser.of("U0SOUTH001", "sam", "Sam South"))
                .oauthClient("client-1", "client-secret-1")
                .start();
        sdk = Slack.getInstance(slack.slackConfig());
        north = sdk.methods(slack.botToken(NORTH));
        south = sdk.methods(slack.botToken(SOUTH));
    }

    @AfterEach
    void stop() throws Exception {
        sdk.close();
        slack.close();
    }

    @Test
    void eachTokenSpeaksForItsOwnWorkspace() throws Exception {
        assertThat(slack.teams()).extracting(FakeSlack.Team::id).containsExactly(NORTH, SOUTH);
        assertThat(slack.botToken(NORTH)).isEqualTo(slack.botToken());
        assertThat(slack.botToken(SOUTH)).isNotEqualTo(slack.botToken());
        assertThat(north.authTest(r -> r).getTeamId()).isEqualTo(NORTH);
        assertThat(south.authTest(r -> r).getTeamId()).isEqualTo(SOUTH);
        assertThat(south.authTest(r -> r).getTeam()).isEqualTo("South Trust");
        assertThat(south.teamInfo(r -> r).getTeam().getDomain()).isEqualTo("south-trust");

        assertThat(south.chatPostMessage(r -> r.channel(SOUTH_CHANNEL).text("south"))
                        .isOk())
                .isTrue();
        assertThat(south.chatPostMessage(r -> r.channel(NORTH_CHANNEL).text("wrong workspace"))
                        .getError())
                .isEqualTo("channel_not_found");
        assertThat(north.chatPostMessage(r -> r.channel(SOUTH_CHANNEL).text("wrong workspace"))
                        .getError())
                .isEqualTo("channel_not_found");
        assertThat(slack.messages(SOUTH_CHANNEL))
                .singleElement()
                .satisfies(m -> assertThat(m.text()).isEqualTo("south"));
        assertThat(slack.messages(NORTH_CHANNEL)).isEmpty();
        assertThat(slack.calls("chat.postMessage"))
                .extracting(RecordedCall::teamId)
                .containsExactly(SOUTH, SOUTH, NORTH);
    }

    @Test
    void anOAuthCodeForTheSecondWorkspaceGivesItsToken() throws Exception {
        String code = slack.issueOAuthCode("U0SOUTH001", SOUTH, "South Trust");
        OAuthV2AccessResponse r = sdk.methods()
                .oauthV2Access(q ->
                        q.clientId("client-1").clientSecret("client-secret-1").code(code));
        assertThat(r.isOk()).isTrue();
        assertThat(r.getTeam().getId()).isEqualTo(SOUTH);
        assertThat(r.getAccessToken()).isEqualTo(slack.botToken(SOUTH));
    }

    @Test
    void workspaceCeilingsCountEachWorkspaceApart() throws Exception {
        slack.enforceWorkspaceRateLimit("chat.postMessage", 2, Duration.ofMinutes(1));
        for (int i = 0; i < 2; i++) {
            assertThat(north.chatPostMessage(r -> r.channel(NORTH_CHANNEL).text("n"))
                            .isOk())
                    .isTrue();
            assertThat(south.chatPostMessage(r -> r.channel(SOUTH_CHANNEL).text("s"))
                            .isOk())
                    .isTrue();
        }
        assertThatThrownBy(() ->
                        north.chatPostMessage(r -> r.channel(NORTH_CHANNEL).text("third")))
                .isInstanceOfSatisfying(
                        SlackApiException.class,
                        e -> assertThat(e.getResponse().code()).isEqualTo(429));
        assertThatThrownBy(() ->
                        south.chatPostMessage(r -> r.channel(SOUTH_CHANNEL).text("third")))
                .isInstanceOfSatisfying(
                        SlackApiException.class,
                        e -> assertThat(e.getResponse().code()).isEqualTo(429));
        assertThat(slack.rateLimitViolations()).extracting(RecordedCall::teamId).containsExactly(NORTH, SOUTH);
    }

    @Test
    void payloadsCarryTheWorkspaceTheyComeFrom() {
        JsonObject command = slack.payloads(SOUTH).slashCommand("/qotd", "now", "U0SOUTH001", SOUTH_CHANNEL);
        assertThat(command.get("team_id").getAsString()).isEqualTo(SOUTH);
        JsonObject event =
                slack.payloads(SOUTH).eventCallback(slack.payloads(SOUTH).message(SOUTH_CHANNEL, "U0SOUTH001", "hi"));
        assertThat(event.get("team_id").getAsString()).isEqualTo(SOUTH);
        assertThat(slack.payloads()
                        .slashCommand("/qotd", "now", "U0SOUTH001", NORTH_CHANNEL)
                        .get("team_id")
                        .getAsString())
                .isEqualTo(NORTH);
        assertThatThrownBy(() -> slack.payloads("T0NOWHERE1")).isInstanceOf(IllegalArgumentException.class);
        // A bare event pushed is wrapped for the workspace it comes from, not the first one.
        Envelope pushed = slack.pushEvent(slack.payloads(SOUTH).message(SOUTH_CHANNEL, "U0SOUTH001", "pushed"));
        assertThat(pushed.payload().get("team_id").getAsString()).isEqualTo(SOUTH);
        assertThat(pushed.payload()
                        .getAsJsonArray("authorizations")
                        .get(0)
                        .getAsJsonObject()
                        .get("team_id")
                        .getAsString())
                .isEqualTo(SOUTH);
    }
}
