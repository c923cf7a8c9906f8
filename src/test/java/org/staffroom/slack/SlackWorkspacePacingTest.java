package org.staffroom.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.staffroom.slack.SlackTrust.TEAM;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.staffroom.chat.ChannelRef;
import org.staffroom.chat.Delivery;
import org.staffroom.chat.Destination;
import org.staffroom.chat.Message;
import org.staffroom.config.Platform;
import org.staffroom.testing.StaffroomEndToEnd;
import org.staffroom.testing.StaffroomTest;
import org.staffroom.testing.slack.FakeSlack;
import org.staffroom.testing.slack.RecordedCall;

/**
 * Slack's workspace-wide chat.postMessage limit, end to end: the loopback Slack refuses (429) any
 * post beyond its workspace ceiling, and a fan-out to more channels than the ceiling allows at once
 * goes out through the real Bolt client paced by the delivery sender's workspace bucket: a burst at
 * once, the rest spread, every post once and none refused. Slack's minute is scaled down to 4 s (the
 * fake allows 20 in any 4 s, Staffroom is told 16) so the test takes seconds; without the workspace
 * bucket the sender's platform-wide pace (20 a second) would put all 30 posts in a second and a half
 * and the fake would refuse ten.
 */
@StaffroomTest
@Import(SlackWorkspacePacingTest.Wiring.class)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class SlackWorkspacePacingTest extends StaffroomEndToEnd {

    static final int CHANNELS = 30;
    static final int WORKSPACE_LIMIT = 20;
    static final Duration WORKSPACE_WINDOW = Duration.ofSeconds(4);
    /** What Staffroom is told: its budget is 95% of it, 15 in any 4 s, 3 of them at once. */
    static final int STAFFROOM_LIMIT = 16;

    static final FakeSlack SLACK = start();

    private static FakeSlack start() {
        FakeSlack.Builder b = SlackTrust.fake();
        for (int i = 0; i < CHANNELS; i++) b.channel(channel(i), "fan-out-" + i);
        FakeSlack fake = b.start();
        fake.enforceRateLimit("chat.postMessage", FakeSlack.POST_PER_CHANNEL_PER_SECOND);
        fake.enforceWorkspaceRateLimit("chat.postMessage", WORKSPACE_LIMIT, WORKSPACE_WINDOW);
        return fake;
    }

    static String channel(int i) {
        return String.format("C0FANOUT%03d", i);
    }

    @DynamicPropertySource
    static void slack(DynamicPropertyRegistry r) {
        SlackTrust.socketMode(r, SLACK, "500ms");
        r.add("staffroom.slack.limits.workspace-posts", () -> STAFFROOM_LIMIT);
        r.add("staffroom.slack.limits.workspace-window", () -> WORKSPACE_WINDOW.toMillis() + "ms");
    }

    @TestConfiguration
    static class Wiring {
        @Bean(destroyMethod = "close")
        FakeSlack fakeSlack() {
            return SLACK;
        }
    }

    @Test
    void aFanOutBeyondTheWorkspaceLimitWaitsInsteadOfBeingRefused() {
        int violationsBefore = SLACK.rateLimitViolations().size();
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < CHANNELS; i++) {
            String key = "fanout:" + i;
            chat.post(
                    Destination.channel(new ChannelRef(Platform.SLACK, TEAM, channel(i))),
                    Message.of("Question of the day " + i),
                    key);
            keys.add(key);
        }
        assertThat(chat.awaitDelivered(Duration.ofSeconds(60))).isTrue();

        for (String key : keys) {
            Delivery d = chat.delivery(key).orElseThrow();
            assertThat(d.sent()).as("delivery %s: %s", key, d.error()).isTrue();
        }
        List<RecordedCall> posts = SLACK.calls("chat.postMessage").stream()
                .filter(c -> c.param("channel") != null && c.param("channel").startsWith("C0FANOUT"))
                .toList();
        assertThat(posts)
                .as("no post refused")
                .allSatisfy(c -> assertThat(c.status()).isEqualTo(200));
        assertThat(SLACK.rateLimitViolations()).hasSize(violationsBefore);
        for (int i = 0; i < CHANNELS; i++)
            assertThat(SLACK.messages(channel(i))).as(channel(i)).hasSize(1);
        // A burst of 3, then the other 27 at 12 per 4 s: at least 26 refill intervals of a third of a second.
        Duration span = Duration.between(
                posts.get(0).receivedAt(), posts.get(posts.size() - 1).receivedAt());
        assertThat(span).isGreaterThanOrEqualTo(Duration.ofMillis(26 * 4000 / 12 - 500));
        // And no window saw more than Staffroom's budget of 15.
        for (int i = 15; i < posts.size(); i++)
            assertThat(Duration.between(
                            posts.get(i - 15).receivedAt(), posts.get(i).receivedAt()))
                    .as("posts %d to %d", i - 15, i)
                    .isGreaterThanOrEqualTo(WORKSPACE_WINDOW.minusMillis(300));
    }
}
