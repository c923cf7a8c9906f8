package org.staffroom.chat;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.staffroom.config.Role;

/**
 * One slash command and its subcommands, declared once by the feature that owns it and used by
 * every adapter: Discord registers it with typed options, Slack parses its text with
 * {@link CommandLine}, the sandbox offers it, and {@code /staffroom help} lists it by role.
 * Descriptions are message-bundle keys.
 */
public record CommandSpec(String name, String descriptionKey, List<Subcommand> subcommands, Set<String> direct) {

    /** {@code direct}: the subcommands (by name, "" for the command itself) that also work in a direct message with the bot. */
    public CommandSpec {
        subcommands = List.copyOf(subcommands);
        direct = direct.stream().map(s -> s.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    }

    public CommandSpec(String name, String descriptionKey, List<Subcommand> subcommands) {
        this(name, descriptionKey, subcommands, Set.of());
    }

    /** The same command, with these subcommands usable in a direct message with the bot as well. */
    public CommandSpec inDirectMessages(String... subcommandNames) {
        Set<String> all = new java.util.HashSet<>(direct);
        all.addAll(List.of(subcommandNames));
        return new CommandSpec(name, descriptionKey, subcommands, all);
    }

    /** Whether {@code subcommand} works in a direct message with the bot. */
    public boolean inDirect(String subcommand) {
        return direct.contains((subcommand == null ? "" : subcommand).toLowerCase(Locale.ROOT));
    }

    public Optional<Subcommand> subcommand(String name) {
        return subcommands.stream().filter(s -> s.name().equalsIgnoreCase(name)).findFirst();
    }

    /** How a platform takes a command's arguments (each connector says which it uses). */
    public enum Style {
        /** The text after the command is read ({@code /qotd now --schools a,b text}): Slack, the sandbox. */
        TYPED,
        /**
         * Typed options the platform's client asks for ({@code /qotd now text: schools:}): Discord, where a
         * command has named subcommands or options of its own, never both.
         */
        OPTIONS
    }

    /** The subcommands a platform of {@code style} offers: with OPTIONS, the one without a name only if it is alone. */
    public List<Subcommand> offered(Style style) {
        boolean named = subcommands.stream().anyMatch(s -> !s.name().isEmpty());
        if (style == Style.TYPED || !named) return subcommands;
        return subcommands.stream().filter(s -> !s.name().isEmpty()).toList();
    }

    /** {@code role} is the least role that may use it (TEACHER: anyone). */
    public record Subcommand(String name, String descriptionKey, Role role, List<Option> options) {
        public Subcommand {
            options = List.copyOf(options);
        }

        public static Subcommand of(String name, String descriptionKey, Role role, Option... options) {
            return new Subcommand(name, descriptionKey, role, List.of(options));
        }
    }

    /**
     * An argument. A {@code TEXT} option takes the rest of the line on Slack and the sandbox;
     * other options are written {@code --name value} there and are typed options on Discord.
     */
    public record Option(String name, String descriptionKey, Type type, boolean required) {
        public enum Type {
            TEXT,
            WORD,
            DATE,
            SCHOOLS,
            HASHTAG,
            NUMBER
        }

        public static Option text(String name, String descriptionKey, boolean required) {
            return new Option(name, descriptionKey, Type.TEXT, required);
        }

        public static Option of(String name, String descriptionKey, Type type, boolean required) {
            return new Option(name, descriptionKey, type, required);
        }
    }

    /** A message action (Slack message shortcut, Discord message context command). */
    public record MessageAction(String id, String labelKey) {}
}
