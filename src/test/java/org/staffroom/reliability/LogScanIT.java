package org.staffroom.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.staffroom.testing.Secrets;

/**
 * S7: after every unit and end-to-end test has run ({@code mvn verify} runs this in the
 * integration-test phase), the output of the whole run (every test class's
 * {@code target/surefire-reports/*-output.txt}, the reports, any other log under {@code target/})
 * holds no token, secret, sign-in link or photo URL with its access token. The secrets are the ones
 * the tests really used ({@link Secrets}) plus the shapes of Slack tokens. A hit fails with its
 * file and line (the secret itself is not printed).
 */
class LogScanIT {

    static final List<Pattern> SHAPES = List.of(
            Pattern.compile("xox[abposr]-[A-Za-z0-9-]{6,}"), // Slack bot, user and other tokens
            Pattern.compile("xapp-\\d-[A-Za-z0-9-]{6,}"), // Slack app-level tokens
            Pattern.compile("/files/[^\\s\"']*\\?t=[A-Za-z0-9_-]{8,}"), // draft photos with their access token
            Pattern.compile("/login/[A-Za-z0-9_-]{40,}"), // one-time sign-in links
            Pattern.compile("/files-pri/"), // Slack private file URLs
            Pattern.compile("/respond/"), // Slack response URLs
            Pattern.compile("ticket=[0-9a-f-]{8,}")); // Socket Mode connection tickets

    @Test
    void noSecretInAnyTestOutput() throws IOException {
        List<Path> files = outputs();
        List<String> secrets = Files.exists(Secrets.FILE)
                ? Files.readAllLines(Secrets.FILE, StandardCharsets.UTF_8).stream()
                        .filter(s -> !s.isBlank())
                        .toList()
                : List.of();
        List<String> hits = new ArrayList<>();
        long lines = 0;
        for (Path f : files) {
            List<String> content = Files.readAllLines(f, StandardCharsets.ISO_8859_1);
            for (int i = 0; i < content.size(); i++) {
                lines++;
                String line = new String(content.get(i).getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
                for (int s = 0; s < secrets.size(); s++) {
                    if (line.contains(secrets.get(s)))
                        hits.add(f + ":" + (i + 1) + ": secret #" + (s + 1) + " of " + Secrets.FILE);
                }
                for (Pattern p : SHAPES) {
                    if (p.matcher(line).find()) hits.add(f + ":" + (i + 1) + ": matches " + p.pattern());
                }
            }
        }
        Figures.report(
                "S7",
                "files_scanned",
                files.size(),
                "lines_scanned",
                lines,
                "secrets_looked_for",
                secrets.size(),
                "shapes_looked_for",
                SHAPES.size(),
                "hits",
                hits.size());
        assertThat(files)
                .as("test output to scan (surefire redirectTestOutputToFile)")
                .isNotEmpty();
        assertThat(secrets).as("secrets the tests registered").isNotEmpty();
        assertThat(hits).as("secrets or secret-shaped strings in test output").isEmpty();
    }

    /** Everything the test run wrote that could hold a log line, the secret list itself excepted. */
    static List<Path> outputs() throws IOException {
        List<Path> out = new ArrayList<>();
        Path reports = Path.of("target", "surefire-reports");
        if (Files.isDirectory(reports)) {
            try (Stream<Path> s = Files.list(reports)) {
                s.filter(p -> p.toString().endsWith(".txt")
                                || p.toString().endsWith(".xml")
                                || p.toString().endsWith(".dumpstream")
                                || p.toString().endsWith(".dump"))
                        .sorted()
                        .forEach(out::add);
            }
        }
        try (Stream<Path> s = Files.walk(Path.of("target"), 2)) {
            s.filter(p -> p.toString().endsWith(".log")).sorted().forEach(out::add);
        }
        out.removeIf(p -> p.toAbsolutePath()
                .normalize()
                .equals(Secrets.FILE.toAbsolutePath().normalize()));
        return out;
    }
}
