package org.staffroom.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * The bot-config pieces {@link BenchTrust} and {@link TrustScaleTrust} write alike, so that the two
 * benchmark trusts differ only where their shape does (names, sizes, extra files).
 */
final class BenchYaml {

    private BenchYaml() {}

    /** Writes trust.yml (question of the day every day, live answers) and copies the sample's question bank. */
    static void writeTrust(Path dir, String id, String name, String hashtag) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("trust.yml"), """
                id: %s
                name: %s
                locale: en-GB
                timezone: UTC
                hashtag: "%s"
                qotd:
                  time: "08:15"
                  days: [MON, TUE, WED, THU, FRI, SAT, SUN]
                  answers: live
                web:
                  base-url: http://localhost:8080
                """.formatted(id, name, hashtag));
        Files.copy(Path.of("bot-config", "questions.yml"), dir.resolve("questions.yml"));
    }

    /** One Discord space a guild, {@code <prefix>-discord-<g>}, named {@code <label> Discord <g>}. */
    /** A school's {@code channels:} block, one line per purpose (the enum's name in lower case). */
    static <P extends Enum<P>> void appendChannels(
            StringBuilder y, Iterable<P> purposes, java.util.function.Function<P, String> channel) {
        y.append("    channels:\n");
        for (P p : purposes) {
            y.append("      ")
                    .append(p.name().toLowerCase(java.util.Locale.ROOT))
                    .append(": \"")
                    .append(channel.apply(p))
                    .append("\"\n");
        }
    }

    static void appendDiscordSpaces(StringBuilder y, String prefix, String label, int guilds) {
        for (int g = 0; g < guilds; g++) {
            y.append("  - { id: ")
                    .append(prefix)
                    .append("-discord-")
                    .append(g)
                    .append(", platform: discord, guild: \"")
                    .append(BenchTrust.guildId(g))
                    .append("\", name: ")
                    .append(label)
                    .append(" Discord ")
                    .append(g)
                    .append(" }\n");
        }
    }

    /** The coordinator's Discord account in each guild's space. */
    static void appendCoordinatorDiscordAccounts(StringBuilder y, String prefix, int guilds) {
        for (int g = 0; g < guilds; g++) {
            y.append("      - { space: ")
                    .append(prefix)
                    .append("-discord-")
                    .append(g)
                    .append(", user: \"")
                    .append(BenchTrust.COORDINATOR_DISCORD)
                    .append("\" }\n");
        }
    }

    /** A live chat across all schools that started two minutes before {@code now}, two questions a minute apart. */
    static String liveChat(String prefix, String title, String hashtag, Instant now) {
        String start = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
                .format(now.minus(2, ChronoUnit.MINUTES).atOffset(ZoneOffset.UTC));
        return """
                chats:
                  - id: %s-chat
                    hashtag: "%s"
                    title: "%s"
                    host: %s-coordinator
                    start: "%s"
                    timezone: UTC
                    repeat: none
                    mode: live
                    interval: 60
                    duration-after-last: 120
                    schools: all
                    questions:
                      - "Q1: What makes feedback stick?"
                      - "Q2: What will you try next week?"
                """.formatted(prefix, hashtag, title, prefix, start);
    }
}
