package org.staffroom.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Runs after the whole test suite: prints every {@code SCENARIO} figure the suite reported (so the
 * CI log shows them) and writes the README's reliability table, scenario by scenario with its
 * latest figures, to {@code target/reliability/README-reliability.md}. On a full run every
 * scenario must have reported.
 */
class ReliabilityFiguresIT {

    static final Path TABLE = Path.of("target", "reliability", "README-reliability.md");

    @Test
    void everyScenarioReportedItsFigures() throws IOException {
        List<String> lines =
                Files.exists(Figures.FILE) ? Files.readAllLines(Figures.FILE, StandardCharsets.UTF_8) : List.of();
        Map<String, String> latest = new LinkedHashMap<>();
        for (String line : lines) {
            if (!line.startsWith("SCENARIO ")) continue;
            String[] p = line.split(" ", 3);
            latest.put(p[1], p.length > 2 ? p[2] : "");
        }
        System.out.println("---- Reliability figures (" + Figures.FILE + ") ----");
        latest.forEach((id, figures) -> System.out.println("SCENARIO " + id + " " + figures));

        List<String> missing = new ArrayList<>();
        StringBuilder table = new StringBuilder(
                "| # | fault / bad input | expected | latest figures | tests |\n|---|---|---|---|---|\n");
        for (Scenarios s : Scenarios.values()) {
            List<String> figures = new ArrayList<>();
            latest.forEach((id, f) -> {
                if (id.equals(s.name()) || id.startsWith(s.name() + "."))
                    figures.add(
                            (id.equals(s.name()) ? "" : id.substring(s.name().length() + 1) + ": ") + f);
            });
            if (figures.isEmpty()) missing.add(s.name());
            table.append("| ")
                    .append(s.name())
                    .append(" | ")
                    .append(s.fault.replace("|", "\\|"))
                    .append(" | ")
                    .append(s.expected.replace("|", "\\|"))
                    .append(" | ")
                    .append(
                            figures.isEmpty()
                                    ? "(not run)"
                                    : String.join("<br>", figures)
                                            .replace("|", "\\|")
                                            .replace("_", " "))
                    .append(" | ")
                    .append(String.join(
                            ", ",
                            s.tests.stream()
                                    .map(t -> "`" + t.substring(t.lastIndexOf('.') + 1) + "`")
                                    .toList()))
                    .append(" |\n");
        }
        Files.createDirectories(TABLE.getParent());
        Files.writeString(TABLE, table, StandardCharsets.UTF_8);
        System.out.println("---- README table: " + TABLE + " ----");

        String partial = System.getProperty("staffroom.surefire.test", "");
        boolean fullRun = partial.isBlank() || partial.startsWith("${");
        if (fullRun) {
            // S7 reports from LogScanIT, which may run after this class.
            missing.remove("S7");
            assertThat(missing)
                    .as("scenarios that reported no figure in a full run")
                    .isEmpty();
        }
    }
}
