package org.staffroom.reliability;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.staffroom.slack.SlackTrust;
import org.staffroom.testing.Secrets;
import org.staffroom.testing.slack.FakeSlack;

/**
 * Mode 4, Slack HTTP mode with OAuth for several workspaces, Discord simulated: the install page
 * is public (only the trust's own workspaces can complete it), its callback refuses a forged
 * state, and a stranger's signed command gets no link.
 */
class SlackOAuthAccessTest extends AccessMatrix {

    static final String SIGNING_SECRET = "s10-" + UUID.randomUUID().toString().replace("-", "");
    static final String CLIENT_ID = "1234567890.0987654321";
    static final String CLIENT_SECRET = "oauth-" + UUID.randomUUID();
    static final String SECRET_KEY = java.util.Base64.getEncoder()
            .encodeToString(UUID.randomUUID().toString().substring(0, 32).getBytes());
    static final FakeSlack SLACK =
            SlackTrust.fake().oauthClient(CLIENT_ID, CLIENT_SECRET).start();

    static {
        Secrets.register(SIGNING_SECRET, CLIENT_SECRET, SECRET_KEY);
    }

    @DynamicPropertySource
    static void slack(DynamicPropertyRegistry r) {
        SlackTrust.httpModeWithOAuth(r, SLACK, SIGNING_SECRET, CLIENT_ID, CLIENT_SECRET, SECRET_KEY);
    }

    @AfterAll
    static void closeFake() {
        SLACK.close();
    }

    @Override
    Mode mode() {
        return new Mode("Slack HTTP mode with OAuth, Discord simulated", false, true, true);
    }

    @Override
    List<Row> modeRows() {
        return List.of(
                all("GET /slack/install", (w, s) -> get("/slack/install"), Outcome.ALLOWED),
                all(
                        "GET /slack/oauth_redirect with a forged state",
                        (w, s) -> get("/slack/oauth_redirect")
                                .param("code", "stolen")
                                .param("state", "forged"),
                        Outcome.REFUSED));
    }
}
