package org.staffroom.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Reads and validates a bot-config folder. Every file is read even when an earlier one has
 * problems, and every problem is reported as {@code <dir>/<file>:<line>:<col>: <message>}.
 */
public final class ConfigLoader {

    /** The files bot-config may hold, in the order they are read (later ones refer to earlier ones). */
    static final List<String> FILES = List.of(
            "trust.yml",
            "schools.yml",
            "people.yml",
            "calendar.yml",
            "questions.yml",
            "chats.yml",
            "policy.yml",
            "consent.yml",
            "approvals.yml");

    private static final List<String> REQUIRED = List.of("trust.yml", "schools.yml");

    private ConfigLoader() {}

    /**
     * Loads the folder {@code dir}; {@code label} is how the folder is named in messages
     * (the path as the admin configured it, e.g. {@code bot-config}).
     *
     * @throws InvalidConfigException listing every problem
     */
    public static StaffroomConfig load(Path dir, String label) {
        Problems problems = new Problems();
        String prefix = label.endsWith("/") ? label : label + "/";
        if (!Files.isDirectory(dir)) {
            problems.add(
                    new Location(prefix, 1, 1), "the configuration folder does not exist (set staffroom.config-dir)");
            throw new InvalidConfigException(problems.sorted());
        }
        Map<String, YamlNode> trees = read(dir, prefix, problems);
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

    private static Map<String, YamlNode> read(Path dir, String prefix, Problems problems) {
        Map<String, YamlNode> trees = new LinkedHashMap<>();
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
        return trees;
    }

    /**
     * What a refused edit of consent.yml still brings in: the folder read again with every
     * consent.yml entry that has a problem of its own (by line) left out, so one bad line never
     * holds back the good ones. {@code schoolsWithProblems} are the schools whose list had a
     * refused line. Empty when consent.yml cannot be read at all.
     */
    static Optional<ConsentDespite> consentDespite(Path dir, String label, List<ConfigProblem> refused) {
        String prefix = label.endsWith("/") ? label : label + "/";
        String file = prefix + "consent.yml";
        Set<Integer> badLines = new HashSet<>();
        for (ConfigProblem p : refused) {
            if (p.location().file().equals(file)) badLines.add(p.location().line());
        }
        Map<String, YamlNode> trees = read(dir, prefix, new Problems());
        if (!(trees.get("consent.yml") instanceof YamlNode.Mapping root)) return Optional.empty();
        YamlNode.Key schoolsKey = root.key("schools");
        if (schoolsKey == null || !(root.get("schools") instanceof YamlNode.Mapping schools)) return Optional.empty();
        Map<YamlNode.Key, YamlNode> kept = new LinkedHashMap<>();
        Set<String> withProblems = new LinkedHashSet<>();
        for (Map.Entry<YamlNode.Key, YamlNode> e : schools.entries().entrySet()) {
            String school = e.getKey().name();
            // A bad school name, or a list that is not a list: the school's block is kept out whole.
            if (badLines.contains(e.getKey().location().line())
                    || (badLines.contains(e.getValue().location().line())
                            && !(e.getValue() instanceof YamlNode.Sequence))) {
                withProblems.add(school);
                continue;
            }
            if (!(e.getValue() instanceof YamlNode.Sequence seq)) {
                kept.put(e.getKey(), e.getValue());
                continue;
            }
            List<YamlNode> good = new ArrayList<>();
            for (YamlNode item : seq.items()) {
                if (badLines.contains(item.location().line())) withProblems.add(school);
                else good.add(item);
            }
            kept.put(e.getKey(), new YamlNode.Sequence(seq.location(), good));
        }
        Map<YamlNode.Key, YamlNode> rootEntries = new LinkedHashMap<>(root.entries());
        rootEntries.put(schoolsKey, new YamlNode.Mapping(schools.location(), kept));
        trees.put("consent.yml", new YamlNode.Mapping(root.location(), rootEntries));
        try {
            StaffroomConfig partial = new ConfigParser(new Problems()).parse(trees, prefix);
            return Optional.of(new ConsentDespite(partial, List.copyOf(withProblems)));
        } catch (RuntimeException e) {
            return Optional.empty(); // other files too broken to read the lists against; the old lists stay
        }
    }

    /** The folder as far as it could be read with the refused consent lines left out. */
    record ConsentDespite(StaffroomConfig partial, List<String> schoolsWithProblems) {}

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
                problems.add(
                        new Location(prefix + n, 1, 1),
                        "unknown file"
                                + (close != null
                                        ? " (did you mean " + close + "?)"
                                        : " (expected: " + String.join(", ", FILES) + ")"));
            }
        } catch (IOException e) {
            problems.add(new Location(prefix, 1, 1), "cannot list the folder: " + e.getMessage());
        }
    }
}
