package org.staffroom.help;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.stereotype.Component;
import org.staffroom.chat.Chat;
import org.staffroom.chat.ChatEvent;
import org.staffroom.chat.CommandCatalog;
import org.staffroom.chat.CommandSpec;
import org.staffroom.chat.Message;
import org.staffroom.chat.Rich;
import org.staffroom.chat.Texts;
import org.staffroom.chat.UsageHandler;
import org.staffroom.directory.Caller;
import org.staffroom.directory.Directory;

/**
 * Answers {@code /staffroom help} with the commands the caller's roles allow, and, when the
 * dispatcher finds a command typed without a subcommand the catalog has, that command's usage, on
 * every platform alike.
 */
@Component
record Help(CommandCatalog catalog, Chat chat, Texts texts) implements UsageHandler<Caller> {

    /** {@code /staffroom help}: every command the caller's roles allow. */
    Message help(ChatEvent.CommandInvoked event, Caller caller) {
        return answer(event, caller, catalog.commands(), null, true);
    }

    /**
     * The dispatcher found no such subcommand in the catalog: {@code /staffroom} alone is help; any
     * other command gets its own usage, after naming what was not understood.
     */
    @Override
    public void usage(ChatEvent.CommandInvoked event, CommandSpec spec, Caller caller) {
        if (spec.name().equals(HelpCommands.COMMAND) && event.subcommand().isEmpty()) {
            chat.respond(event.interaction(), answer(event, caller, catalog.commands(), null, true));
            return;
        }
        String typed = !event.subcommand().isEmpty()
                ? event.subcommand()
                : event.text().isBlank() ? null : event.text().strip().split("\\s+")[0];
        chat.respond(
                event.interaction(),
                answer(event, caller, List.of(spec), typed == null ? null : "/" + spec.name() + " " + typed, false));
    }

    private Message answer(
            ChatEvent.CommandInvoked event, Caller caller, List<CommandSpec> shown, String unknown, boolean footer) {
        Rich text = Rich.empty();
        if (unknown != null)
            text = text.text(texts.get(caller.locale(), "help.unknown-subcommand", unknown))
                    .newline();
        text = text.bold(texts.get(caller.locale(), "help.title", caller.name()))
                .newline();
        for (String line : lines(shown, caller, chat.commandStyle(event.platform()), chat.isDirect(event.channel()))) {
            text = text.text(line).newline();
        }
        if (footer) text = text.italic(texts.get(caller.locale(), "help.footer"));
        return Message.of(text);
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
                if (!Directory.holds(caller, sub.role())) continue;
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
}
