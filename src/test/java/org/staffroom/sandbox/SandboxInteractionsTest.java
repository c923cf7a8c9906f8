package org.staffroom.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.staffroom.testing.Sample.*;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.event.EventListener;
import org.springframework.web.client.HttpClientErrorException;
import org.staffroom.chat.ButtonHandler;
import org.staffroom.chat.Chat;
import org.staffroom.chat.ChatEvent;
import org.staffroom.chat.CommandHandler;
import org.staffroom.chat.CommandSpec;
import org.staffroom.chat.Destination;
import org.staffroom.chat.Form;
import org.staffroom.chat.FormHandler;
import org.staffroom.chat.Interaction;
import org.staffroom.chat.Message;
import org.staffroom.config.Role;
import org.staffroom.testing.FormFields;
import org.staffroom.testing.StaffroomEndToEnd;
import org.staffroom.testing.StaffroomTest;

/**
 * Forms, buttons and message actions through the sandbox, with a small test-only feature standing
 * in for the workflows: the sandbox produces the same events a platform adapter would.
 */
@StaffroomTest
@Import(SandboxInteractionsTest.Kit.class)
class SandboxInteractionsTest extends StaffroomEndToEnd {

    /** A tiny feature: /kit form opens a form, /kit card posts a card with a button. */
    @TestConfiguration
    static class Kit {
        @Autowired
        Chat chat;

        @Bean
        CommandSpec kitCommand() {
            return new CommandSpec(
                    "kit",
                    "help.description",
                    List.of(
                            CommandSpec.Subcommand.of("form", "help.description", Role.TEACHER),
                            CommandSpec.Subcommand.of("card", "help.description", Role.TEACHER)));
        }

        @Bean
        CommandSpec.MessageAction kitQuote() {
            return new CommandSpec.MessageAction("kit.quote", "help.description");
        }

        @Bean
        Interaction kitPress() {
            return Interaction.button("kit.press", Role.TEACHER);
        }

        @Bean
        Interaction kitForm() {
            return Interaction.form("kit.form", Role.TEACHER);
        }

        @Bean
        CommandHandler<Object> kitFormCommand() {
            return CommandHandler.of("kit", "form", (e, caller) -> {
                chat.openForm(
                        e.interaction(),
                        new Form(
                                "kit.form",
                                "Tell us",
                                "Send",
                                "ctx-42",
                                List.of(
                                        Form.FormField.text("title", "Title", true, "Draft title", 80),
                                        FormFields.choices(
                                                "kind",
                                                "Kind",
                                                Form.FormField.Kind.SELECT,
                                                true,
                                                List.of(
                                                        new Form.Choice("event", "Event"),
                                                        new Form.Choice("notice", "Notice")),
                                                List.of()),
                                        FormFields.choices(
                                                "networks",
                                                "Networks",
                                                Form.FormField.Kind.MULTI_SELECT,
                                                false,
                                                List.of(
                                                        new Form.Choice("x", "X"),
                                                        new Form.Choice("facebook", "Facebook")),
                                                List.of()),
                                        FormFields.choices(
                                                "consent",
                                                "Consent",
                                                Form.FormField.Kind.CHECKBOX,
                                                false,
                                                List.of(new Form.Choice("true", "Everyone pictured has consent")),
                                                List.of()),
                                        FormFields.date("date", "Wanted date", false, List.of(), null))));
                return null;
            });
        }

        @Bean
        CommandHandler<Object> kitCardCommand() {
            return CommandHandler.of("kit", "card", (e, caller) -> {
                chat.post(
                        Destination.channel(e.channel()),
                        Message.of("A card").withButton(Message.Button.of("kit.press", "Press me", "card-7")),
                        "kit:card");
                return null;
            });
        }

        @Bean
        FormHandler<Object> kitFormHandler() {
            return FormHandler.of(
                    "kit.form",
                    (e, caller) -> Message.of(e.formId() + " " + e.context() + " " + e.values("title")
                            + e.values("kind") + e.values("networks") + e.values("consent") + e.values("date")));
        }

        @Bean
        ButtonHandler<Object> kitPressHandler() {
            return ButtonHandler.of(
                    "kit.press",
                    (e, caller) -> Message.of("pressed " + e.actionId() + " " + e.value() + " by "
                            + e.actor().displayName()));
        }

        @EventListener
        void on(ChatEvent.MessageActionInvoked e) {
            chat.respond(
                    e.interaction(), Message.of("quoting " + e.targetAuthor().displayName() + ": " + e.text()));
        }
    }

    @Test
    void aFormOpensForThePersonAndComesBackWithEveryKindOfValue() {
        sandbox.command(HARRY, HILLCREST_STAFFROOM, "/kit form");
        var form = sandbox.pendingForm(HARRY).orElseThrow();
        assertThat(form.get("form").get("title").asString()).isEqualTo("Tell us");
        assertThat(sandbox.pendingForm(GRACE)).isEmpty();

        sandbox.submitForm(
                HARRY,
                Map.of(
                        "title",
                        List.of("Science fair"),
                        "kind",
                        List.of("event"),
                        "networks",
                        List.of("x", "facebook"),
                        "consent",
                        List.of("true"),
                        "date",
                        List.of("2026-12-10")));

        assertThat(sandbox.lastPrivateAnswer(HARRY, HILLCREST_STAFFROOM)
                        .orElseThrow()
                        .text())
                .isEqualTo("kit.form ctx-42 [Science fair][event][x, facebook][true][2026-12-10]");
        // A form is sent once: a second submission with the same token is refused.
        assertThat(sandbox.pendingForm(HARRY)).isEmpty();
    }

    @Test
    void aButtonPressReachesTheFeatureWithItsValue() {
        sandbox.command(DAN, RIVERSIDE_STAFFROOM, "/kit card");
        assertThat(chat.awaitDelivered(Duration.ofSeconds(5))).isTrue();
        var card = sandbox.botMessages(CHLOE, RIVERSIDE_STAFFROOM).stream()
                .filter(m -> m.contains("A card"))
                .findFirst()
                .orElseThrow();

        sandbox.press(CHLOE, card, "kit.press");

        assertThat(sandbox.lastPrivateAnswer(CHLOE, RIVERSIDE_STAFFROOM)
                        .orElseThrow()
                        .text())
                .isEqualTo("pressed kit.press card-7 by Chloe Patel");
        assertThat(sandbox.messages(DAN, RIVERSIDE_STAFFROOM)).noneMatch(m -> m.contains("pressed"));
    }

    @Test
    void aMessageActionCarriesTheTargetMessage() {
        sandbox.post(JAVIER, SEVILLA_STAFFROOM, "Fotos de la excursión");
        long id = sandbox.messages(ISABEL, SEVILLA_STAFFROOM).get(0).id();

        sandbox.messageAction(ISABEL, id, "kit.quote");

        assertThat(sandbox.lastPrivateAnswer(ISABEL, SEVILLA_STAFFROOM)
                        .orElseThrow()
                        .text())
                .isEqualTo("quoting Javier Moreno: Fotos de la excursión");
    }

    @Test
    void aStaleFormTokenIsRefused() {
        sandbox.command(HARRY, HILLCREST_STAFFROOM, "/kit form");
        String token = sandbox.pendingForm(HARRY).orElseThrow().get("token").asString();
        sandbox.submitForm(HARRY, Map.of("title", List.of("Once")));
        assertThatThrownBy(() -> new org.springframework.web.client.RestTemplate()
                        .postForEntity(
                                "http://localhost:" + port + "/sandbox/api/form",
                                Map.of("as", HARRY, "token", token, "values", Map.of("title", List.of("Twice"))),
                                String.class))
                .isInstanceOf(HttpClientErrorException.Conflict.class);
    }
}
