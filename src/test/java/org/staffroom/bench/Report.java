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
 * note. Printed at the end of the run and written to {@code target/bench/results.md}.
 */
final class Report {

    record Row(String figure, String staffroom, String baseline, String ratio, String note) {}

    private final Map<String, List<Row>> sections = new LinkedHashMap<>();
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

    synchronized String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("Machine: ")
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
                .append(System.getProperty("os.arch"))
                .append('\n');
        md.append("Run: ")
                .append(started.truncatedTo(ChronoUnit.SECONDS))
                .append(" – ")
                .append(Instant.now().truncatedTo(ChronoUnit.SECONDS))
                .append(" UTC; load average at start ")
                .append(loadAtStart)
                .append(", at end ")
                .append(loadAverage())
                .append('\n');
        md.append("Benchmark JVM: ")
                .append(String.join(
                        " ",
                        ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                                .filter(a -> a.startsWith("-X") || a.startsWith("-Dfile"))
                                .toList()))
                .append("\n\n");
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
        try {
            Files.writeString(Bench.dir().resolve("results.md"), markdown(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
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
