package org.staffroom.chat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Parses what a user typed after a slash command on Slack or in the sandbox, e.g.
 * {@code now --schools oakfield,riverside What made you smile today?}, against the command's
 * {@link CommandSpec}: the first word picks the subcommand, {@code --name value} pairs fill
 * options, and the remaining words fill the TEXT option.
 */
public final class CommandLine {

    private CommandLine() {}

    /** The subcommand name ("" if none was typed or it is unknown) and the options found. */
    public record Parsed(String subcommand, Map<String, String> options, String text) {}

    public static Parsed parse(CommandSpec spec, String typed) {
        String text = typed == null ? "" : typed.trim();
        String first = text.isEmpty() ? "" : text.split("\\s+", 2)[0];
        Optional<CommandSpec.Subcommand> sub = first.isEmpty() ? Optional.empty() : spec.subcommand(first);
        String rest;
        if (sub.isPresent()) {
            rest = text.substring(first.length()).trim();
        } else {
            // A command that takes its options directly has a subcommand named "".
            sub = spec.subcommand("");
            if (sub.isEmpty()) return new Parsed("", Map.of(), text);
            rest = text;
        }
        Map<String, String> options = new LinkedHashMap<>();
        StringBuilder free = new StringBuilder();
        String[] words = rest.isEmpty() ? new String[0] : rest.split("\\s+");
        for (int i = 0; i < words.length; i++) {
            String w = words[i];
            if (w.startsWith("--") && w.length() > 2) {
                String name = w.substring(2);
                String value = "";
                int eq = name.indexOf('=');
                if (eq > 0) {
                    value = name.substring(eq + 1);
                    name = name.substring(0, eq);
                } else if (i + 1 < words.length && !words[i + 1].startsWith("--")) {
                    value = words[++i];
                }
                options.put(name, value);
            } else {
                if (free.length() > 0) free.append(' ');
                free.append(w);
            }
        }
        String remaining = free.toString();
        // Options that are not TEXT may also be given by position, in declared order.
        for (CommandSpec.Option o : sub.get().options()) {
            if (o.type() == CommandSpec.Option.Type.TEXT || options.containsKey(o.name()) || remaining.isEmpty())
                continue;
            if (!o.required()) continue;
            String[] split = remaining.split("\\s+", 2);
            options.put(o.name(), split[0]);
            remaining = split.length > 1 ? split[1] : "";
        }
        for (CommandSpec.Option o : sub.get().options()) {
            if (o.type() == CommandSpec.Option.Type.TEXT && !remaining.isEmpty() && !options.containsKey(o.name())) {
                options.put(o.name(), remaining);
                remaining = "";
            }
        }
        return new Parsed(sub.get().name(), options, rest);
    }
}
