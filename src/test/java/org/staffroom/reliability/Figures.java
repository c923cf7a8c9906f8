package org.staffroom.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * The shared reporter of the fault and abuse suite. Every scenario prints one line
 * {@code SCENARIO <id> <figure>=<value> …} to the test output and appends it to
 * {@code target/reliability/figures.md}, which {@code ReliabilityFiguresIT} prints at the end of
 * {@code mvn verify} (so the CI log shows every figure) and turns into the README table.
 * The file is started afresh by the first figure of each test JVM.
 */
public final class Figures {

    public static final Path FILE = Path.of("target", "reliability", "figures.md");
    private static final Instant JVM_START =
            Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime());
    private static boolean started;

    private Figures() {}

    /** Reports {@code scenario} with figures given as name, value pairs; returns the line. */
    public static synchronized String report(String scenario, Object... namesAndValues) {
        if (namesAndValues.length % 2 != 0) throw new IllegalArgumentException("figures come in name, value pairs");
        StringBuilder line = new StringBuilder("SCENARIO ").append(scenario);
        for (int i = 0; i < namesAndValues.length; i += 2) {
            line.append(' ').append(name(namesAndValues[i])).append('=').append(value(namesAndValues[i + 1]));
        }
        String out = line.toString();
        System.out.println(out);
        append(out);
        return out;
    }

    private static String name(Object o) {
        String n = String.valueOf(o).trim().replace(' ', '_');
        if (n.isEmpty() || n.contains("=")) throw new IllegalArgumentException("bad figure name: " + o);
        return n;
    }

    private static String value(Object v) {
        if (v instanceof Duration d) return ms(d);
        if (v instanceof Double d) return String.format(Locale.ROOT, "%.2f", d);
        if (v instanceof Float f) return String.format(Locale.ROOT, "%.2f", f);
        return String.valueOf(v).replace(' ', '_');
    }

    /** A duration as {@code 123ms} or {@code 4.5s}. */
    public static String ms(Duration d) {
        long millis = d.toMillis();
        return millis < 10_000 ? millis + "ms" : String.format(Locale.ROOT, "%.1fs", millis / 1000.0);
    }

    /** The p-th percentile (0–100) of durations, nearest rank. */
    public static Duration percentile(Collection<Duration> values, double p) {
        List<Duration> sorted = new ArrayList<>(values);
        if (sorted.isEmpty()) return Duration.ZERO;
        sorted.sort(null);
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    /** The heap in use after a collection, in MB (for "bounded heap" figures). */
    public static long heapMb() {
        System.gc();
        Runtime r = Runtime.getRuntime();
        return (r.totalMemory() - r.freeMemory()) / (1024 * 1024);
    }

    private static void append(String line) {
        try {
            Files.createDirectories(FILE.getParent());
            if (!started) {
                started = true;
                // Figures of an earlier run are replaced, not mixed in (the integration tests, in a
                // JVM of their own after the unit tests, add to this run's).
                if (!Boolean.getBoolean("staffroom.figures.keep")
                        && Files.exists(FILE)
                        && Files.getLastModifiedTime(FILE).compareTo(FileTime.from(JVM_START)) < 0) {
                    Files.delete(FILE);
                }
            }
            Files.writeString(
                    FILE,
                    line + System.lineSeparator(),
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
