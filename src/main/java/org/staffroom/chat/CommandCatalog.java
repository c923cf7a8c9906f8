package org.staffroom.chat;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Component;

/**
 * Every slash command and message action the features declare (as {@link CommandSpec} and
 * {@link CommandSpec.MessageAction} beans), for adapters to register and parse and for help.
 */
@Component
public class CommandCatalog {

    private final List<CommandSpec> commands;
    private final List<CommandSpec.MessageAction> messageActions;

    CommandCatalog(List<CommandSpec> commands, List<CommandSpec.MessageAction> messageActions) {
        this.commands = commands.stream().sorted(Comparator.comparing(CommandSpec::name)).toList();
        this.messageActions = List.copyOf(messageActions);
    }

    public List<CommandSpec> commands() {
        return commands;
    }

    public Optional<CommandSpec> command(String name) {
        String n = name.startsWith("/") ? name.substring(1) : name;
        return commands.stream().filter(c -> c.name().equalsIgnoreCase(n)).findFirst();
    }

    public List<CommandSpec.MessageAction> messageActions() {
        return messageActions;
    }
}
