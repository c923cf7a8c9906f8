package org.staffroom.web;

import java.util.List;
import org.springframework.context.annotation.Import;
import org.springframework.stereotype.Component;
import org.staffroom.chat.CatalogEntries;
import org.staffroom.chat.Chat;
import org.staffroom.chat.ChatEvent;
import org.staffroom.chat.CommandSpec;
import org.staffroom.chat.Message;
import org.staffroom.chat.Rich;
import org.staffroom.chat.SandboxAccess;
import org.staffroom.chat.Texts;
import org.staffroom.config.Role;
import org.staffroom.config.TrustConfig;
import org.staffroom.directory.Caller;
import org.staffroom.directory.Directory;

/** {@code /staffroom login}: answers privately with a one-time link to the dashboard. */
@Component
@Import(LoginCommand.Entries.class)
class LoginCommand {

    private final LoginLinks links;
    private final Directory directory;
    private final Chat chat;
    private final Texts texts;
    private final TrustConfig config;
    private final SandboxAccess sandbox;

    LoginCommand(
            LoginLinks links, Directory directory, Chat chat, Texts texts, TrustConfig config, SandboxAccess sandbox) {
        this.sandbox = sandbox;
        this.links = links;
        this.directory = directory;
        this.chat = chat;
        this.texts = texts;
        this.config = config;
    }

    static final class Entries extends CatalogEntries<Caller> {
        @Override
        protected void declare(Table<Caller> table) {
            table.command(new CommandSpec(
                                    "staffroom",
                                    "command.staffroom",
                                    List.of(CommandSpec.Subcommand.of("login", "web.login.description", Role.TEACHER)))
                            .inDirectMessages("login"))
                    .handledBy(LoginCommand.class)
                    .commands("staffroom", LoginCommand::handle, "login");
        }
    }

    Message handle(ChatEvent.CommandInvoked event, Caller caller) {
        // A sandbox person stands for real staff once a platform is live; a stranger's workspace is nobody's.
        if (sandbox.simulates(event.platform()) && !sandbox.issuesSignInLinks()) {
            chat.respond(event.interaction(), Message.of(texts.get(caller.locale(), "web.login.not-in-sandbox")));
            return null;
        }
        if (!directory.isMember(event.actor().user())) {
            chat.respond(
                    event.interaction(),
                    Message.of(texts.get(
                            caller.locale(),
                            "web.login.not-staff",
                            config.get().trust().name())));
            return null;
        }
        String token =
                links.create(caller.personKey(), caller.name(), event.platform().name());
        String url = config.baseUrl() + "/login/" + token;
        chat.respond(
                event.interaction(),
                Message.of(Rich.empty()
                        .text(texts.get(caller.locale(), "web.login.link-intro", caller.name()) + " ")
                        .link(url, texts.get(caller.locale(), "web.login.link-label"))
                        .newline()
                        .italic(texts.get(caller.locale(), "web.login.link-note", LoginLinks.LIFETIME.toMinutes()))));
        return null;
    }
}
