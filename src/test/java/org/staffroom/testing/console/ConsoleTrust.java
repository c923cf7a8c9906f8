package org.staffroom.testing.console;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.staffroom.testing.SampleConfig;

/**
 * The sample trust with a fourth school, Elmwood, whose staff chat on the console: a copy of
 * bot-config with one console space, the school and its channels, two people (Nora, a teacher;
 * Olu, the head, who approves Elmwood's posts) and Elmwood added to the school-page route.
 */
final class ConsoleTrust {

    static final String NORA = "nora";
    static final String OLU = "olu";

    private ConsoleTrust() {}

    static Path config() {
        Path dir = SampleConfig.copy("console");
        edit(dir.resolve("schools.yml"), "\nschools:\n", """

                  - id: elmwood-console
                    platform: console
                    server: %s
                    name: Elmwood staff console

                schools:
                """.formatted(ConsoleAdapter.SERVER));
        append(dir.resolve("schools.yml"), """

                  - id: elmwood
                    name: Elmwood Primary School
                    short-name: Elmwood
                    space: elmwood-console
                    timezone: Europe/London
                    locale: en-GB
                    staff-count: 20
                    calendar: england
                    channels:
                      staffroom: elmwood-staffroom
                      qotd: elmwood-qotd
                      pd: elmwood-pd
                      review: elmwood-review
                """);
        edit(dir.resolve("people.yml"), "\ngroups:\n", """

                  - id: nora-quinn
                    name: Nora Quinn
                    school: elmwood
                    accounts:
                      - { space: elmwood-console, user: nora }
                    roles: []

                  - id: olu-adeyemi
                    name: Olu Adeyemi
                    school: elmwood
                    accounts:
                      - { space: elmwood-console, user: olu }
                    roles: [approver@elmwood]

                groups:
                """);
        edit(
                dir.resolve("approvals.yml"),
                "schools: [oakfield, riverside, sevilla]",
                "schools: [oakfield, riverside, sevilla, elmwood]");
        return dir;
    }

    private static void edit(Path file, String from, String to) {
        try {
            String text = Files.readString(file);
            if (!text.contains(from)) throw new IllegalStateException(file + " no longer contains " + from.strip());
            Files.writeString(file, text.replace(from, to));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void append(Path file, String text) {
        try {
            Files.writeString(file, Files.readString(file).stripTrailing() + "\n" + text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
