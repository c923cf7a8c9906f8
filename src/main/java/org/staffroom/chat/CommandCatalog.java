package org.staffroom.chat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

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
        // Several features may add subcommands to one command (e.g. /staffroom help, /staffroom login).
        Map<String, CommandSpec> byName = new TreeMap<>();
        for (CommandSpec c : commands) {
            byName.merge(c.name(), c, (a, b) -> {
                List<CommandSpec.Subcommand> subs = new ArrayList<>(a.subcommands());
                for (CommandSpec.Subcommand s : b.subcommands()) {
                    if (a.subcommand(s.name()).isPresent()) {
                        throw new IllegalStateException("/" + a.name() + " " + s.name() + " is declared twice");
                    }
                    subs.add(s);
                }
                Set<String> direct = new HashSet<>(a.direct());
                direct.addAll(b.direct());
                return new CommandSpec(a.name(), a.descriptionKey(), subs, direct);
            });
        }
        this.commands = List.copyOf(byName.values());
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
