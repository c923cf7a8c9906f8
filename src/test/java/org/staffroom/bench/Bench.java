package org.staffroom.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;

/** Small helpers the benchmarks share: where output goes, waiting, percentiles, formatting. */
final class Bench {

    private Bench() {}

    /** {@code target/bench} (set by the bench profile), where raw output and the results table go. */
    static Path dir() {
        Path d = Path.of(System.getProperty("bench.dir", "target/bench"));
        try {
            Files.createDirectories(d.resolve("raw"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return d;
    }

    /** A fresh scratch folder under {@code target/bench/work}. */
    static Path work(String name) {
        Path d = dir().resolve("work").resolve(name + "-" + System.nanoTime());
        try {
            Files.createDirectories(d);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return d;
    }

    /** Appends a line to {@code target/bench/raw/<scenario>.txt} and echoes it (the raw record of a run). */
    static synchronized void raw(String scenario, String line) {
        try {
            Files.writeString(
                    dir().resolve("raw").resolve(scenario + ".txt"),
                    line + System.lineSeparator(),
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.out.println("[bench:" + scenario + "] " + line);
    }

    /** Whether scenario {@code name} runs ({@code -Dbench.only=a,b} narrows the suite for short runs). */
    static boolean enabled(String name) {
        String only = System.getProperty("bench.only", "").trim();
        if (only.isEmpty()) return true;
        for (String s : only.split(",")) {
            if (s.trim().equalsIgnoreCase(name)) return true;
        }
        return false;
    }

    /** The whole suite at full scale: only such a run may write the committed benchmarks page. */
    static boolean fullRun() {
        return System.getProperty("bench.only", "").isBlank() && scale() == 1;
    }

    /** {@code -Dbench.scale=0.2} shortens every run proportionally (development only; the README figures use 1). */
    static double scale() {
        return Double.parseDouble(System.getProperty("bench.scale", "1"));
    }

    static int scaled(int n) {
        return Math.max(1, (int) Math.round(n * scale()));
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Polls {@code done} every few milliseconds; false if {@code timeout} passed first. */
    static boolean await(Duration timeout, long pollMillis, BooleanSupplier done) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) return false;
            sleep(pollMillis);
        }
        return true;
    }

    /** p-th percentile (0..100) by nearest rank of values in milliseconds; NaN when empty. */
    static double percentile(List<Double> values, double p) {
        if (values.isEmpty()) return Double.NaN;
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.min(sorted.size() - 1, Math.max(0, rank - 1)));
    }

    static double max(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }

    static double median(List<Double> values) {
        return percentile(values, 50);
    }

    static String ms(double millis) {
        if (Double.isNaN(millis)) return "–";
        if (millis >= 10_000) return String.format(Locale.ROOT, "%.1f s", millis / 1000);
        if (millis >= 100) return String.format(Locale.ROOT, "%.0f ms", millis);
        if (millis >= 10) return String.format(Locale.ROOT, "%.1f ms", millis);
        return String.format(Locale.ROOT, "%.2f ms", millis);
    }

    static String num(double v, int decimals) {
        return String.format(Locale.ROOT, "%,." + decimals + "f", v);
    }

    static String ratio(double v) {
        return Double.isNaN(v) || Double.isInfinite(v) ? "–" : String.format(Locale.ROOT, "%.2f×", v);
    }

    static String mib(long kib) {
        return String.format(Locale.ROOT, "%.0f MiB", kib / 1024.0);
    }

    static double millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e6;
    }
}
