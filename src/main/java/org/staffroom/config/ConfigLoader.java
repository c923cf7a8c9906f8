package org.staffroom.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Reads and validates a bot-config folder. Every file is read even when an earlier one has
 * problems, and every problem is reported as {@code <dir>/<file>:<line>:<col>: <message>}.
 */
public final class ConfigLoader {

    /** The files bot-config may hold, in the order they are read (later ones refer to earlier ones). */
    static final List<String> FILES = List.of("trust.yml", "schools.yml", "people.yml", "calendar.yml",
            "questions.yml", "chats.yml", "policy.yml", "consent.yml", "approvals.yml");
    private static final List<String> REQUIRED = List.of("trust.yml", "schools.yml");

    private ConfigLoader() {
    }

    /**
     * Loads the folder {@code dir}; {@code label} is how the folder is named in messages
     * (the path as the admin configured it, e.g. {@code bot-config}).
     *
     * @throws InvalidConfigException listing every problem
     */
    public static StaffroomConfig load(Path dir, String label) {
        Problems problems = new Problems();
        Map<String, YamlNode> trees = new LinkedHashMap<>();
        String prefix = label.endsWith("/") ? label : label + "/";
        if (!Files.isDirectory(dir)) {
            problems.add(new Location(prefix, 1, 1), "the configuration folder does not exist (set staffroom.config-dir)");
            throw new InvalidConfigException(problems.sorted());
        }
        for (String file : FILES) {
            Path p = dir.resolve(file);
            if (!Files.exists(p)) {
                if (REQUIRED.contains(file)) {
                    problems.add(new Location(prefix + file, 1, 1), "this file is required but missing");
                }
                continue;
            }
            try (Reader r = Files.newBufferedReader(p, StandardCharsets.UTF_8)) {
                YamlNode node = YamlReader.read(prefix + file, r, problems.raw());
                if (node != null) trees.put(file, node);
            } catch (IOException e) {
                problems.add(new Location(prefix + file, 1, 1), "cannot be read: " + e.getMessage());
            }
        }
        reportUnknownFiles(dir, prefix, problems);
        if (!problems.isEmpty() && trees.size() < presentFiles(dir)) {
            // A file that is not valid YAML: report that alone; checking the rest without it would
            // only add knock-on errors (unknown school, no people, …) that vanish once it is fixed.
            throw new InvalidConfigException(problems.sorted());
        }

        ConfigParser parser = new ConfigParser(problems);
        StaffroomConfig config = parser.parse(trees, prefix);
        if (!problems.isEmpty()) {
            throw new InvalidConfigException(problems.sorted());
        }
        return config;
    }

    private static int presentFiles(Path dir) {
        return (int) FILES.stream().filter(f -> Files.exists(dir.resolve(f))).count();
    }

    private static void reportUnknownFiles(Path dir, String prefix, Problems problems) {
        try (Stream<Path> files = Files.list(dir)) {
            List<String> unknown = new ArrayList<>();
            files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".yml") || n.endsWith(".yaml"))
                    .filter(n -> !FILES.contains(n))
                    .sorted()
                    .forEach(unknown::add);
            for (String n : unknown) {
                String close = Fields.closest(n, FILES);
                problems.add(new Location(prefix + n, 1, 1), "unknown file"
                        + (close != null ? " (did you mean " + close + "?)" : " (expected: " + String.join(", ", FILES) + ")"));
            }
        } catch (IOException e) {
            problems.add(new Location(prefix, 1, 1), "cannot list the folder: " + e.getMessage());
        }
    }
}
