package org.staffroom.chat;

import java.util.List;
import java.util.Optional;

import org.staffroom.config.Role;

/**
 * One slash command and its subcommands, declared once by the feature that owns it and used by
 * every adapter: Discord registers it with typed options, Slack parses its text with
 * {@link CommandLine}, the sandbox offers it, and {@code /staffroom help} lists it by role.
 * Descriptions are message-bundle keys.
 */
public record CommandSpec(String name, String descriptionKey, List<Subcommand> subcommands) {

    public CommandSpec {
        subcommands = List.copyOf(subcommands);
    }

    public Optional<Subcommand> subcommand(String name) {
        return subcommands.stream().filter(s -> s.name().equalsIgnoreCase(name)).findFirst();
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
        public enum Type { TEXT, WORD, DATE, SCHOOLS, HASHTAG, NUMBER }

        public static Option text(String name, String descriptionKey, boolean required) {
            return new Option(name, descriptionKey, Type.TEXT, required);
        }

        public static Option of(String name, String descriptionKey, Type type, boolean required) {
            return new Option(name, descriptionKey, type, required);
        }
    }

    /** A message action (Slack message shortcut, Discord message context command). */
    public record MessageAction(String id, String labelKey) {
    }
}
