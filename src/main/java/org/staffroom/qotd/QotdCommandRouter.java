package org.staffroom.qotd;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import org.staffroom.chat.Chat;
import org.staffroom.chat.ChatEvent;
import org.staffroom.chat.CommandSpec;
import org.staffroom.chat.Message;
import org.staffroom.config.Role;
import org.staffroom.directory.Caller;
import org.staffroom.directory.Directory;

/**
 * Hands each {@code /qotd} subcommand to its handler after checking the caller's role, resolved
 * now (a role removed from the config counts at once), and answers privately. An unknown or
 * missing subcommand is left to {@code /staffroom help}, which shows the usage.
 */
@Component
class QotdCommandRouter {

    private static final Logger log = LoggerFactory.getLogger(QotdCommandRouter.class);

    private final Map<String, QotdSubcommand> handlers;
    private final CommandSpec spec;
    private final Directory directory;
    private final Chat chat;
    private final QotdMessages messages;

    QotdCommandRouter(List<QotdSubcommand> handlers, List<CommandSpec> specs, Directory directory, Chat chat,
                      QotdMessages messages) {
        this.handlers = handlers.stream().collect(Collectors.toMap(QotdSubcommand::name, Function.identity()));
        this.spec = specs.stream().filter(s -> s.name().equals(QotdCommands.COMMAND)).findFirst().orElseThrow();
        this.directory = directory;
        this.chat = chat;
        this.messages = messages;
    }

    @EventListener
    void on(ChatEvent.CommandInvoked event) {
        if (!event.command().equals(QotdCommands.COMMAND)) return;
        QotdSubcommand handler = handlers.get(event.subcommand());
        CommandSpec.Subcommand sub = spec.subcommand(event.subcommand()).orElse(null);
        if (handler == null || sub == null) return;
        Caller caller = directory.caller(event.actor(), event.channel());
        Message answer;
        if (sub.role() != Role.TEACHER && !caller.hasAnywhere(sub.role())) {
            answer = Message.of(messages.text(caller.locale(), "qotd.not-allowed", sub.name()));
        } else {
            try {
                answer = handler.handle(event, caller);
            } catch (Refusal r) {
                answer = Message.of(messages.text(caller.locale(), r.key(), r.args()));
            } catch (RuntimeException e) {
                log.error("/qotd {} failed for {}", sub.name(), caller.personKey(), e);
                answer = Message.of(messages.text(caller.locale(), "qotd.error"));
            }
        }
        chat.respond(event.interaction(), answer);
    }
}
