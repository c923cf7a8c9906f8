package org.staffroom.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The sample trust from {@code bot-config/} with many more schools, for fan-out and scale-out
 * scenarios: {@code count} schools in the trust's Slack workspace, each with a question-of-the-day
 * channel {@link #qotdChannel(int)}, the question of the day at {@code qotdTime}, and a live PD chat
 * with five questions five minutes apart on {@code chatDay} at {@code chatTime}.
 */
public final class GeneratedTrust {

    private GeneratedTrust() {}

    public static String schoolId(int i) {
        return String.format(Locale.ROOT, "gen-%03d", i);
    }

    public static String qotdChannel(int i) {
        return String.format(Locale.ROOT, "C0GENQ%04d", i);
    }

    /** Schools in the trust's Slack workspace for the clock-change scenario, by id: time zone, qotd channel. */
    public static final java.util.Map<String, String[]> DST_SCHOOLS = new java.util.LinkedHashMap<>();

    static {
        DST_SCHOOLS.put("dst-nyc", new String[] {"America/New_York", "C0DSTNYC01"});
        DST_SCHOOLS.put("dst-lon", new String[] {"Europe/London", "C0DSTLON01"});
        DST_SCHOOLS.put("dst-mad", new String[] {"Europe/Madrid", "C0DSTMAD01"});
        DST_SCHOOLS.put("dst-syd", new String[] {"Australia/Sydney", "C0DSTSYD01"});
    }

    /**
     * The sample trust plus {@link #DST_SCHOOLS}, four schools in four time zones whose clocks change
     * on different days, with a calendar region that is in term every weekday of 2026 and 2027.
     */
    public static Path withClockChangeSchools() {
        Path dir = write(0, "08:15", LocalDate.of(2026, 12, 14), "10:00");
        try {
            Path calendar = dir.resolve("calendar.yml");
            String c = Files.readString(calendar, StandardCharsets.UTF_8);
            String always = "  always:\n    terms:\n      - { name: All year, from: 2026-01-01, to: 2027-12-31 }\n\n";
            if (!c.contains("\n  andalucia:"))
                throw new IllegalStateException("calendar.yml has no andalucia region to insert before");
            Files.writeString(
                    calendar, c.replace("\n  andalucia:", "\n" + always + "  andalucia:"), StandardCharsets.UTF_8);
            StringBuilder schools =
                    new StringBuilder(Files.readString(dir.resolve("schools.yml"), StandardCharsets.UTF_8));
            DST_SCHOOLS.forEach((id, zc) -> schools.append("\n  - id: ")
                    .append(id)
                    .append('\n')
                    .append("    name: Clock change school ")
                    .append(id)
                    .append('\n')
                    .append("    short-name: ")
                    .append(id)
                    .append('\n')
                    .append("    space: nwt-slack\n")
                    .append("    timezone: ")
                    .append(zc[0])
                    .append('\n')
                    .append("    locale: en-GB\n")
                    .append("    calendar: always\n")
                    .append("    channels:\n")
                    .append("      qotd: ")
                    .append(zc[1])
                    .append('\n'));
            Files.writeString(dir.resolve("schools.yml"), schools, StandardCharsets.UTF_8);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes the trust into a new folder and returns it. */
    public static Path write(int count, String qotdTime, LocalDate chatDay, String chatTime) {
        try {
            Path dir = Files.createTempDirectory("staffroom-generated-trust");
            try (Stream<Path> files = Files.list(Path.of("bot-config"))) {
                for (Path f : files.toList()) Files.copy(f, dir.resolve(f.getFileName()));
            }
            Path trust = dir.resolve("trust.yml");
            Files.writeString(
                    trust,
                    Files.readString(trust, StandardCharsets.UTF_8)
                            .replace("  time: \"08:15\"", "  time: \"" + qotdTime + "\""),
                    StandardCharsets.UTF_8);
            StringBuilder schools =
                    new StringBuilder(Files.readString(dir.resolve("schools.yml"), StandardCharsets.UTF_8));
            if (!schools.toString().endsWith("\n")) schools.append('\n');
            for (int i = 1; i <= count; i++) {
                schools.append("\n  - id: ")
                        .append(schoolId(i))
                        .append('\n')
                        .append("    name: Generated School ")
                        .append(i)
                        .append('\n')
                        .append("    short-name: Gen ")
                        .append(i)
                        .append('\n')
                        .append("    space: nwt-slack\n")
                        .append("    timezone: Europe/London\n")
                        .append("    locale: en-GB\n")
                        .append("    staff-count: 20\n")
                        .append("    calendar: england\n")
                        .append("    channels:\n")
                        .append("      qotd: ")
                        .append(qotdChannel(i))
                        .append('\n');
            }
            Files.writeString(dir.resolve("schools.yml"), schools, StandardCharsets.UTF_8);
            StringBuilder chats = new StringBuilder(Files.readString(dir.resolve("chats.yml"), StandardCharsets.UTF_8));
            if (!chats.toString().endsWith("\n")) chats.append('\n');
            List<String> questions = new ArrayList<>();
            for (int q = 1; q <= 5; q++) questions.add("      - \"Q" + q + ": Downtime drill question " + q + "?\"");
            chats.append("\n  - id: downtime-drill\n")
                    .append("    hashtag: \"#DrillChat\"\n")
                    .append("    title: \"Downtime drill\"\n")
                    .append("    host: farid-rahman\n")
                    .append("    start: \"")
                    .append(chatDay)
                    .append(' ')
                    .append(chatTime)
                    .append("\"\n")
                    .append("    timezone: Europe/London\n")
                    .append("    repeat: none\n")
                    .append("    mode: live\n")
                    .append("    interval: 5\n")
                    .append("    duration-after-last: 30\n")
                    .append("    schools: [oakfield, riverside]\n")
                    .append("    questions:\n")
                    .append(String.join("\n", questions))
                    .append('\n');
            Files.writeString(dir.resolve("chats.yml"), chats, StandardCharsets.UTF_8);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
