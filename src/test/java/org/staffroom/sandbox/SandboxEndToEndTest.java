package org.staffroom.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.staffroom.testing.Sample.*;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.web.client.HttpClientErrorException;
import org.staffroom.testing.SandboxClient;
import org.staffroom.testing.StaffroomEndToEnd;
import org.staffroom.testing.StaffroomTest;

/** The sandbox adapter end to end over HTTP: the page's API in, the bot's answers out. */
@StaffroomTest
class SandboxEndToEndTest extends StaffroomEndToEnd {

    @Test
    void helpIsAnsweredPrivatelyWithTheCommandsTheCallersRolesAllow() {
        sandbox.command(BEN, OAKFIELD_STAFFROOM, "/staffroom help");

        SandboxClient.Seen answer =
                sandbox.lastPrivateAnswer(BEN, OAKFIELD_STAFFROOM).orElseThrow();
        assertThat(answer.text())
                .startsWith("Commands you can use, Ben Hughes:")
                .contains("/staffroom help");
        // Nobody else sees it.
        assertThat(sandbox.messages(AMARA, OAKFIELD_STAFFROOM)).noneMatch(m -> m.contains("Ben Hughes"));
    }

    @Test
    void helpIsInTheSchoolsLanguage() {
        sandbox.command(JAVIER, SEVILLA_STAFFROOM, "/staffroom help");

        assertThat(sandbox.lastPrivateAnswer(JAVIER, SEVILLA_STAFFROOM)
                        .orElseThrow()
                        .text())
                .startsWith("Comandos que puedes usar, Javier Moreno:");
    }

    @Test
    void anUnknownCommandGetsAClearAnswer() {
        sandbox.command(BEN, OAKFIELD_STAFFROOM, "/stafroom help");

        assertThat(sandbox.lastPrivateAnswer(BEN, OAKFIELD_STAFFROOM)
                        .orElseThrow()
                        .text())
                .isEqualTo("There is no /stafroom command. Type /staffroom help to see what you can use.");
    }

    @Test
    void messagesReactionsAndThreadsAreSharedWithEveryoneInTheChannel() {
        sandbox.post(BEN, OAKFIELD_STAFFROOM, "Morning all! Cake in the staffroom.");
        SandboxClient.Seen posted = sandbox.messages(AMARA, OAKFIELD_STAFFROOM).get(0);
        assertThat(posted.text()).isEqualTo("Morning all! Cake in the staffroom.");
        assertThat(posted.author()).isEqualTo("Ben Hughes");

        sandbox.react(AMARA, posted.id(), "🎉");
        sandbox.reply(LIAM, OAKFIELD_STAFFROOM, Long.toString(posted.id()), "Save me a slice!");

        assertThat(sandbox.messages(BEN, OAKFIELD_STAFFROOM).get(0).reactions())
                .containsEntry("🎉", List.of("Amara Okafor"));
        assertThat(sandbox.thread(BEN, OAKFIELD_STAFFROOM, posted.id()))
                .singleElement()
                .satisfies(r -> assertThat(r.text()).isEqualTo("Save me a slice!"));
    }

    @Test
    void youCannotActAsSomeoneUnknownOrPostInAnotherSpace() {
        assertThatThrownBy(() -> sandbox.post("slack:T0NWTRUST1:U0NOBODY", OAKFIELD_STAFFROOM, "hi"))
                .isInstanceOf(HttpClientErrorException.Forbidden.class);
        // Ben has no account in Hillcrest's Discord.
        assertThatThrownBy(() -> sandbox.post(BEN, HILLCREST_STAFFROOM, "hi"))
                .isInstanceOf(HttpClientErrorException.Forbidden.class);
    }

    @Test
    void onlyTheAuthorCanEditOrDeleteAMessage() {
        sandbox.post(BEN, OAKFIELD_STAFFROOM, "Typo hre");
        long id = sandbox.messages(BEN, OAKFIELD_STAFFROOM).get(0).id();

        assertThatThrownBy(() -> sandbox.edit(AMARA, id, "hacked"))
                .isInstanceOf(HttpClientErrorException.Forbidden.class);
        sandbox.edit(BEN, id, "Typo here");
        assertThat(sandbox.messages(AMARA, OAKFIELD_STAFFROOM).get(0).text()).isEqualTo("Typo here");

        sandbox.delete(BEN, id);
        assertThat(sandbox.messages(AMARA, OAKFIELD_STAFFROOM).get(0).deleted()).isTrue();
    }
}
