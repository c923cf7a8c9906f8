package org.staffroom.discord;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;
import org.staffroom.chat.ChannelRef;
import org.staffroom.chat.Chat;
import org.staffroom.chat.ChatEvent;
import org.staffroom.chat.CommandHandler;
import org.staffroom.chat.CommandSpec;
import org.staffroom.chat.Form;
import org.staffroom.chat.Message;
import org.staffroom.config.Role;
import org.staffroom.directory.Caller;
import org.staffroom.directory.Directory;
import org.staffroom.testing.FormFields;

/**
 * What the adapter tests add to the application: a recorder of every {@link ChatEvent} with the
 * {@link Caller} the directory resolves for it, a small feature answering the test command, buttons,
 * forms and message actions through the port, and that command's spec (every option type).
 */
@TestConfiguration(proxyBeanMethods = false)
class DiscordTestSupport {

    static final Form FORM = new Form(
            "test.form",
            "Tell us more",
            "Send",
            "draft-42",
            List.of(
                    Form.FormField.text("title", "Title", true, "Sports day", 80),
                    Form.FormField.longText("body", "What happened", false, null, 1000),
                    FormFields.choices(
                            "schools",
                            "Schools",
                            Form.FormField.Kind.MULTI_SELECT,
                            true,
                            List.of(new Form.Choice("hillcrest", "Hillcrest"), new Form.Choice("sevilla", "Sevilla")),
                            List.of("hillcrest")),
                    FormFields.choices(
                            "consent",
                            "Consent",
                            Form.FormField.Kind.CHECKBOX,
                            false,
                            List.of(new Form.Choice("true", "Parents agreed")),
                            List.of()),
                    FormFields.date("on", "Date", true, List.of(), null)));

    /** Every chat event the features saw, with who the directory says did it. */
    static class Recorder {
        record Seen(ChatEvent event, Caller caller) {}

        private final Directory directory;
        private final List<Seen> seen = new CopyOnWriteArrayList<>();

        Recorder(Directory directory) {
            this.directory = directory;
        }

        @EventListener
        void on(ChatEvent event) {
            seen.add(new Seen(event, directory.caller(event.actor(), channelOf(event))));
        }

        List<Seen> all() {
            return new ArrayList<>(seen);
        }

        <T extends ChatEvent> List<Seen> of(Class<T> type, Predicate<T> condition) {
            return seen.stream()
                    .filter(s -> type.isInstance(s.event()) && condition.test(type.cast(s.event())))
                    .toList();
        }

        private static ChannelRef channelOf(ChatEvent e) {
            if (e instanceof ChatEvent.MessagePosted m) return m.message().channel();
            if (e instanceof ChatEvent.MessageEdited m) return m.message().channel();
            if (e instanceof ChatEvent.MessageDeleted m) return m.message().channel();
            if (e instanceof ChatEvent.ReactionAdded r) return r.message().channel();
            if (e instanceof ChatEvent.ReactionRemoved r) return r.message().channel();
            if (e instanceof ChatEvent.CommandInvoked c) return c.channel();
            if (e instanceof ChatEvent.ButtonPressed b) return b.message().channel();
            if (e instanceof ChatEvent.FormSubmitted f) return f.channel();
            if (e instanceof ChatEvent.MessageActionInvoked a) return a.target().channel();
            return null;
        }
    }

    /** Answers the test command, buttons, forms and message actions through the port, as a workflow would. */
    static class Feature {
        private final Chat chat;
        final CountDownLatch release = new CountDownLatch(1);

        Feature(Chat chat) {
            this.chat = chat;
        }

        /** {@code /stafftest <subcommand>}, through the dispatcher like any feature's command. */
        Message command(ChatEvent.CommandInvoked e) {
            try {
                run(e);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
            return null;
        }

        private void run(ChatEvent.CommandInvoked e) throws InterruptedException {
            switch (e.subcommand()) {
                case "run" -> chat.respond(e.interaction(), Message.of("ran: " + e.text()));
                case "form" -> chat.openForm(e.interaction(), FORM);
                case "slow" -> {
                    // Held until the test has seen the deferral, like a slow database write.
                    release.await(20, TimeUnit.SECONDS);
                    chat.respond(e.interaction(), Message.of("slow answer"));
                    chat.respond(e.interaction(), Message.of("and one more thing"));
                }
                default -> {
                    // "quiet": no answer at all.
                }
            }
        }

        @EventListener
        void on(ChatEvent.ButtonPressed e) {
            if (e.actionId().equals("test.press")) chat.respond(e.interaction(), Message.of("pressed " + e.value()));
            if (e.actionId().equals("test.form")) chat.openForm(e.interaction(), FORM);
        }

        @EventListener
        void on(ChatEvent.FormSubmitted e) {
            chat.respond(e.interaction(), Message.of("thanks for " + e.value("title")));
        }

        @EventListener
        void on(ChatEvent.MessageActionInvoked e) {
            chat.respond(e.interaction(), Message.of("nominated"));
        }
    }

    @Bean
    Recorder discordTestRecorder(Directory directory) {
        return new Recorder(directory);
    }

    @Bean
    Feature discordTestFeature(Chat chat) {
        return new Feature(chat);
    }

    @Bean
    CommandSpec staffTestCommand() {
        return new CommandSpec(
                "stafftest",
                "discordtest.command",
                List.of(
                        CommandSpec.Subcommand.of(
                                "run",
                                "discordtest.run",
                                Role.TEACHER,
                                CommandSpec.Option.text("message", "discordtest.option.message", true),
                                CommandSpec.Option.of(
                                        "schools",
                                        "discordtest.option.schools",
                                        CommandSpec.Option.Type.SCHOOLS,
                                        false),
                                CommandSpec.Option.of(
                                        "on", "discordtest.option.on", CommandSpec.Option.Type.DATE, false),
                                CommandSpec.Option.of(
                                        "count", "discordtest.option.count", CommandSpec.Option.Type.NUMBER, false),
                                CommandSpec.Option.of(
                                        "word", "discordtest.option.word", CommandSpec.Option.Type.WORD, false)),
                        CommandSpec.Subcommand.of("form", "discordtest.form", Role.TEACHER),
                        CommandSpec.Subcommand.of("slow", "discordtest.slow", Role.TEACHER),
                        CommandSpec.Subcommand.of("quiet", "discordtest.quiet", Role.TEACHER)));
    }

    @Bean
    CommandHandler<Object> staffTestRun(Feature feature) {
        return CommandHandler.of("stafftest", "run", (e, caller) -> feature.command(e));
    }

    @Bean
    CommandHandler<Object> staffTestForm(Feature feature) {
        return CommandHandler.of("stafftest", "form", (e, caller) -> feature.command(e));
    }

    @Bean
    CommandHandler<Object> staffTestSlow(Feature feature) {
        return CommandHandler.of("stafftest", "slow", (e, caller) -> feature.command(e));
    }

    @Bean
    CommandHandler<Object> staffTestQuiet(Feature feature) {
        return CommandHandler.of("stafftest", "quiet", (e, caller) -> feature.command(e));
    }

    /** {@code /tagtest #tag}: registered for its option's shape; nothing answers it. */
    @Bean
    CommandHandler<Object> tagTest() {
        return CommandHandler.of("tagtest", "", (e, caller) -> null);
    }

    @Bean
    CommandSpec tagTestCommand() {
        return new CommandSpec(
                "tagtest",
                "discordtest.tag",
                List.of(CommandSpec.Subcommand.of(
                        "",
                        "discordtest.tag",
                        Role.TEACHER,
                        CommandSpec.Option.of(
                                "tag", "discordtest.option.tag", CommandSpec.Option.Type.HASHTAG, true))));
    }

    @Bean
    CommandSpec.MessageAction nominateTestAction() {
        return new CommandSpec.MessageAction("test.nominate", "discordtest.nominate");
    }
}
