package org.staffroom.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.staffroom.slack.SlackTrust;
import org.staffroom.testing.slack.FakeSlack;

/**
 * Mode 2 with the sandbox switched on explicitly ({@code STAFFROOM_SANDBOX=on}): Slack live in
 * Socket Mode, Discord simulated. The sandbox answers this machine, but since its people now
 * stand for real staff it hands out no sign-in links — the path an outsider used to become the
 * trust admin.
 */
class SlackLiveSandboxOnAccessTest extends AccessMatrix {

    static final FakeSlack SLACK = SlackTrust.fake().start();
    static final String KATE_ON_DISCORD = "discord:1180000000000000001:1180000000000000703";
    static final String HILLCREST_STAFFROOM = "discord:1180000000000000001:1180000000000000101";

    @DynamicPropertySource
    static void slack(DynamicPropertyRegistry r) {
        SlackTrust.socketMode(r, SLACK, "100ms");
        r.add("staffroom.sandbox.mode", () -> "on");
    }

    @AfterAll
    static void closeFake() {
        SLACK.close();
    }

    @Override
    Mode mode() {
        return new Mode("Slack live (Socket Mode), Discord simulated, sandbox on", true, false, false);
    }

    @Override
    String sandboxActor() {
        return KATE_ON_DISCORD;
    }

    @Override
    String sandboxChannel() {
        return HILLCREST_STAFFROOM;
    }

    @Test
    void theSandboxGivesNoSignInLinkWhileAPlatformIsLive() throws Exception {
        long before =
                jdbc.sql("select count(*) from login_link").query(Long.class).single();
        int status = mvc.perform(post("/sandbox/api/post")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"as\":\"" + KATE_ON_DISCORD + "\",\"channel\":\"" + HILLCREST_STAFFROOM
                                + "\",\"text\":\"/staffroom login\"}"))
                .andReturn()
                .getResponse()
                .getStatus();
        assertThat(status).isEqualTo(200);
        assertThat(jdbc.sql("select count(*) from login_link").query(Long.class).single())
                .as("no link from the sandbox")
                .isEqualTo(before);
        String answer = jdbc.sql("select payload from sandbox_message where visible_to = ? order by id desc limit 1")
                .param(KATE_ON_DISCORD)
                .query(String.class)
                .single();
        assertThat(answer).contains("no sign-in links").doesNotContain("/login/");
    }
}
