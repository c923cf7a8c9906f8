package org.staffroom.help;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import org.staffroom.chat.Chat;
import org.staffroom.chat.ChatEvent;
import org.staffroom.chat.CommandCatalog;
import org.staffroom.chat.CommandSpec;
import org.staffroom.chat.Message;
import org.staffroom.chat.Rich;
import org.staffroom.chat.Texts;
import org.staffroom.config.Role;
import org.staffroom.directory.Caller;
import org.staffroom.directory.Directory;

/**
 * Answers {@code /staffroom help} with the commands the caller's roles allow, and any command
 * typed without a known subcommand with that command's usage, on every platform alike.
 */
@Component
class Help {

    private final CommandCatalog catalog;
    private final Directory directory;
    private final Chat chat;
    private final Texts texts;

    Help(CommandCatalog catalog, Directory directory, Chat chat, Texts texts) {
        this.catalog = catalog;
        this.directory = directory;
        this.chat = chat;
        this.texts = texts;
    }

    @EventListener
    void on(ChatEvent.CommandInvoked event) {
        CommandSpec spec = catalog.command(event.command()).orElse(null);
        if (spec == null) return;
        boolean helpAsked = spec.name().equals("staffroom") && (event.subcommand().isEmpty() || event.subcommand().equals("help"));
        boolean unknownSubcommand = event.subcommand().isEmpty() && spec.subcommand("").isEmpty() && !helpAsked;
        if (!helpAsked && !unknownSubcommand) return;
        Caller caller = directory.caller(event.actor(), event.channel());
        Rich text = Rich.empty();
        if (unknownSubcommand && !event.text().isBlank()) {
            text = text.text(texts.get(caller.locale(), "help.unknown-subcommand", "/" + spec.name() + " " + event.text().split("\\s+")[0]))
                    .newline();
        }
        List<CommandSpec> shown = unknownSubcommand ? List.of(spec) : catalog.commands();
        text = text.bold(texts.get(caller.locale(), "help.title", caller.name())).newline();
        for (String line : lines(shown, caller, chat.commandStyle(event.platform()), chat.isDirect(event.channel()))) {
            text = text.text(line).newline();
        }
        if (helpAsked) text = text.italic(texts.get(caller.locale(), "help.footer"));
        chat.respond(event.interaction(), Message.of(text));
    }

    /**
     * "/qotd now [--schools …] [text] — Post a question now", for each subcommand the caller may use, in the
     * form the platform takes: typed ({@code --schools}) on Slack and the sandbox; on Discord, only the
     * subcommands it offers, with its named options ({@code [schools]}), and in a DM with the bot only those
     * registered there.
     */
    List<String> lines(List<CommandSpec> specs, Caller caller, CommandSpec.Style style, boolean direct) {
        Locale locale = caller.locale();
        List<String> out = new ArrayList<>();
        for (CommandSpec spec : specs) {
            for (CommandSpec.Subcommand sub : spec.offered(style)) {
                if (!allowed(caller, sub.role())) continue;
                // Where commands are registered (Discord), a DM with the bot has only those that work there.
                if (direct && style == CommandSpec.Style.OPTIONS && !spec.inDirect(sub.name())) continue;
                StringBuilder usage = new StringBuilder("/").append(spec.name());
                if (!sub.name().isEmpty()) usage.append(' ').append(sub.name());
                for (CommandSpec.Option o : sub.options()) {
                    // Required options are typed in order (/qotd pin q012 2026-12-03); optional
                    // ones other than the free text need their --name where the text is typed.
                    if (o.required()) usage.append(" <").append(o.name()).append('>');
                    else if (o.type() == CommandSpec.Option.Type.TEXT || style == CommandSpec.Style.OPTIONS) {
                        usage.append(" [").append(o.name()).append(']');
                    } else usage.append(" [--").append(o.name()).append(" …]");
                }
                out.add("• " + usage + " — " + texts.get(locale, sub.descriptionKey()));
            }
        }
        return out;
    }

    private static boolean allowed(Caller caller, Role role) {
        return switch (role) {
            case TEACHER -> true;
            case ADMIN -> caller.isAdmin();
            default -> caller.hasAnywhere(role);
        };
    }
}
