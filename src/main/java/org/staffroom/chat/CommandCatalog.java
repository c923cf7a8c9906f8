package org.staffroom.chat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.springframework.stereotype.Component;

/**
 * Every slash command and message action the features declare (as {@link CommandSpec} and
 * {@link CommandSpec.MessageAction} beans) and every button and form ({@link Interaction} beans),
 * for adapters to register and parse, for help, and for the {@link Dispatcher} to find one handler each.
 */
@Component
public class CommandCatalog {

    private final List<CommandSpec> commands;
    private final List<CommandSpec.MessageAction> messageActions;
    private final List<Interaction> interactions;

    CommandCatalog(
            List<CommandSpec> commands,
            List<CommandSpec.MessageAction> messageActions,
            List<Interaction> interactions) {
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
        Map<String, Interaction> byId = new TreeMap<>();
        for (Interaction i : interactions) {
            if (byId.put(i.kind() + ":" + i.id(), i) != null) {
                throw new IllegalStateException(i.kind().name().toLowerCase() + " " + i.id() + " is declared twice");
            }
        }
        this.interactions = List.copyOf(byId.values());
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

    /** Every button and form the features declare. */
    public List<Interaction> interactions() {
        return interactions;
    }

    public List<Interaction> interactions(Interaction.Kind kind) {
        return interactions.stream().filter(i -> i.kind() == kind).toList();
    }

    public Optional<Interaction> interaction(Interaction.Kind kind, String id) {
        return interactions.stream()
                .filter(i -> i.kind() == kind && i.id().equals(id))
                .findFirst();
    }
}
