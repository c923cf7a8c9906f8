package org.staffroom.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The figures of one run, section by section: what Staffroom did, what it is compared with (the
 * bare client, the floor the platforms' limits allow, the bare Spring Boot app), their ratio and a
 * note; and the targets of the performance issue, each met or with its gap. Printed at the end of the
 * run and written to {@code target/bench/results.md}; a full run (no {@code -Dbench.only}) also writes
 * {@link #PUBLISHED}, the committed page the README links, so no figure is ever pasted by hand.
 */
final class Report {

    /** The committed page with the latest full run (override with {@code -Dbench.published=…}). */
    static final Path PUBLISHED = Path.of(System.getProperty("bench.published", "src/site/markdown/benchmarks.md"));

    record Row(String figure, String staffroom, String baseline, String ratio, String note) {}

    /** A target from the performance issue: met, missed (with the gap), or not measured in this run. */
    record Target(String goal, String measured, Boolean met, String gap) {
        String verdict() {
            if (met == null) return "not measured: " + gap;
            return met ? "met" : "gap: " + gap;
        }
    }

    private final Map<String, List<Row>> sections = new LinkedHashMap<>();
    private final Map<String, Target> targets = new LinkedHashMap<>();
    private final List<String> notes = new ArrayList<>();
    private final String loadAtStart = loadAverage();
    private final Instant started = Instant.now();

    synchronized void row(String section, String figure, String staffroom, String baseline, String ratio, String note) {
        sections.computeIfAbsent(section, k -> new ArrayList<>())
                .add(new Row(figure, staffroom, baseline, ratio, note));
        Bench.raw(
                "table",
                section + " | " + figure + " | " + staffroom + " | " + baseline + " | " + ratio + " | " + note);
    }

    synchronized void note(String text) {
        notes.add(text);
    }

    /** Records a target's outcome; a later call for the same {@code goal} replaces it. */
    synchronized void target(String goal, String measured, boolean met, String gap) {
        targets.put(goal, new Target(goal, measured, met, met ? "" : gap));
        Bench.raw("targets", goal + " | " + measured + " | " + (met ? "met" : "gap: " + gap));
    }

    /** Records a target this run did not measure, and why. */
    synchronized void targetNotMeasured(String goal, String why) {
        targets.putIfAbsent(goal, new Target(goal, "–", null, why));
    }

    synchronized boolean hasTarget(String goal) {
        return targets.containsKey(goal);
    }

    /** The ratio column (as a number) of the first row whose figure starts with {@code figurePrefix}. */
    synchronized java.util.OptionalDouble ratioOf(String figurePrefix) {
        for (List<Row> rows : sections.values()) {
            for (Row r : rows) {
                if (r.figure().startsWith(figurePrefix)) {
                    try {
                        return java.util.OptionalDouble.of(
                                Double.parseDouble(r.ratio().replace("×", "").trim()));
                    } catch (NumberFormatException notANumber) {
                        return java.util.OptionalDouble.empty();
                    }
                }
            }
        }
        return java.util.OptionalDouble.empty();
    }

    synchronized String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("- Commit: ").append(commit()).append('\n');
        md.append("- Machine: ")
                .append(Runtime.getRuntime().availableProcessors())
                .append(" cores, ")
                .append(memory())
                .append(", JVM ")
                .append(System.getProperty("java.vm.name"))
                .append(' ')
                .append(System.getProperty("java.runtime.version"))
                .append(", ")
                .append(System.getProperty("os.name"))
                .append(' ')
                .append(System.getProperty("os.version"))
                .append(' ')
                .append(System.getProperty("os.arch"))
                .append('\n');
        md.append("- Run: ")
                .append(started.truncatedTo(ChronoUnit.SECONDS))
                .append(" – ")
                .append(Instant.now().truncatedTo(ChronoUnit.SECONDS))
                .append(" UTC; load average at start ")
                .append(loadAtStart)
                .append(", at end ")
                .append(loadAverage())
                .append('\n');
        md.append("- Benchmark JVM: ")
                .append(String.join(
                        " ",
                        ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                                .filter(a -> a.startsWith("-X") || a.startsWith("-Dfile"))
                                .toList()))
                .append("\n\n");
        if (!targets.isEmpty()) {
            md.append("| Target | Measured | Outcome |\n|---|---|---|\n");
            for (Target t : targets.values()) {
                md.append("| ")
                        .append(t.goal())
                        .append(" | ")
                        .append(t.measured())
                        .append(" | ")
                        .append(t.verdict())
                        .append(" |\n");
            }
            md.append('\n');
        }
        md.append("| Figure | Staffroom | Compared with | Ratio | Note |\n|---|---|---|---|---|\n");
        for (Map.Entry<String, List<Row>> s : sections.entrySet()) {
            md.append("| **").append(s.getKey()).append("** | | | | |\n");
            for (Row r : s.getValue()) {
                md.append("| ")
                        .append(r.figure())
                        .append(" | ")
                        .append(r.staffroom())
                        .append(" | ")
                        .append(r.baseline())
                        .append(" | ")
                        .append(r.ratio())
                        .append(" | ")
                        .append(r.note())
                        .append(" |\n");
            }
        }
        if (!notes.isEmpty()) {
            md.append('\n');
            for (String n : notes) md.append("- ").append(n).append('\n');
        }
        return md.toString();
    }

    void write() {
        String md = markdown();
        try {
            Files.writeString(Bench.dir().resolve("results.md"), md, StandardCharsets.UTF_8);
            if (Bench.fullRun() || Boolean.getBoolean("bench.publish")) {
                String scope = Bench.fullRun()
                        ? "the whole suite"
                        : "only " + System.getProperty("bench.only", "").trim() + " at scale " + Bench.scale()
                                + " (a partial run, written with -Dbench.publish=true)";
                Files.writeString(
                        PUBLISHED,
                        "# Benchmarks\n\nWritten by `mvn -B -Pbench verify` (do not edit by hand); this run: " + scope
                                + ". How the figures are measured and where the platforms' limits come from: the"
                                + " README's Performance section.\n\n"
                                + md,
                        StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code git rev-parse HEAD}, marked when the tree has uncommitted changes; "unknown" without git. */
    static String commit() {
        String head = git("rev-parse", "HEAD");
        if (head == null || head.isBlank()) return "unknown (not a git checkout)";
        String dirty = git("status", "--porcelain", "--untracked-files=no");
        return head.trim() + (dirty == null || dirty.isBlank() ? "" : " + uncommitted changes");
    }

    private static String git(String... args) {
        List<String> command = new ArrayList<>(List.of("git"));
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return p.waitFor() == 0 ? out : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " / " + f[1] + " / " + f[2];
        } catch (IOException | RuntimeException e) {
            return "n/a";
        }
    }

    private static String memory() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    long kib = Long.parseLong(line.replaceAll("\\D+", ""));
                    return Math.round(kib / 1024.0 / 1024.0) + " GiB RAM";
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return "RAM n/a";
    }
}
