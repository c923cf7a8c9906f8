package org.staffroom.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import java.net.URI;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.staffroom.slack.SlackTrust;
import org.staffroom.testing.MutableClock;
import org.staffroom.testing.Secrets;
import org.staffroom.testing.slack.FakeSlack;
import org.staffroom.testing.slack.SlackHttpModeClient;

/**
 * Mode 2, half-live: Slack live in HTTP mode (one workspace, a bot token), Discord simulated. The
 * sandbox is off, so the simulated Discord people (the trust's admin among them) are out of
 * anyone's reach; a stranger's signed {@code /staffroom login} gets no link.
 */
class SlackLiveAccessTest extends AccessMatrix {

    static final String SIGNING_SECRET = "s10-" + UUID.randomUUID().toString().replace("-", "");
    static final FakeSlack SLACK = SlackTrust.fake().start();

    static {
        Secrets.register(SIGNING_SECRET);
    }

    @DynamicPropertySource
    static void slack(DynamicPropertyRegistry r) {
        r.add("staffroom.slack.bot-token", SLACK::botToken);
        r.add("staffroom.slack.app-token", () -> "");
        r.add("staffroom.slack.api-url", SLACK::apiUrlPrefix);
        r.add("staffroom.slack.mode", () -> "http");
        r.add("staffroom.slack.signing-secret", () -> SIGNING_SECRET);
        r.add("staffroom.slack.client-id", () -> "");
        r.add("staffroom.slack.client-secret", () -> "");
    }

    @AfterAll
    static void closeFake() {
        SLACK.close();
    }

    @Override
    Mode mode() {
        return new Mode("Slack live (HTTP), Discord simulated", false, true, false);
    }

    @Override
    void beforeMatrix() {
        strangerGetsNoLink(port, SIGNING_SECRET, jdbc, clock);
    }

    /**
     * {@code /staffroom login} from a workspace the trust does not include, signed correctly: Slack
     * is answered, but no link is made.
     */
    static void strangerGetsNoLink(int port, String signingSecret, JdbcClient jdbc, MutableClock clock) {
        long before =
                jdbc.sql("select count(*) from login_link").query(Long.class).single();
        JsonObject command = SLACK.payloads().slashCommand("/staffroom", "login", "U0STRANGER", "C0ELSEWHER");
        command.addProperty("team_id", "T0ELSEWHERE");
        SlackHttpModeClient.Result r = new SlackHttpModeClient(
                        URI.create("http://localhost:" + port + "/slack/events"), signingSecret, clock)
                .slashCommand(command)
                .send();
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).doesNotContain("/login/");
        assertThat(jdbc.sql("select count(*) from login_link").query(Long.class).single())
                .as("no link for a stranger")
                .isEqualTo(before);
    }
}
