package org.staffroom.pdchat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.staffroom.StaffroomApplication;
import org.staffroom.slack.SlackTrust;
import org.staffroom.testing.TestClockConfiguration;
import org.staffroom.testing.slack.FakeSlack;

/**
 * The sample trust with more Slack schools and a live PD chat, "#RaceChat", across the PD channels of
 * Oakfield, Riverside and the added schools, for the relay tests that start whole instances
 * themselves (two on PostgreSQL, or one with many schools).
 */
final class RelayTrust {

    static final LocalDateTime START = LocalDateTime.of(2026, 12, 14, 10, 0);

    /** School id to PD channel, Oakfield and Riverside first. */
    final Map<String, String> pd = new LinkedHashMap<>();

    final Path config;

    RelayTrust(int schools) throws IOException {
        pd.put("oakfield", "C0OAKPD0001");
        pd.put("riverside", "C0RIVPD0001");
        for (int i = 1; i <= schools - 2; i++) pd.put("rr-" + i, String.format("C0RRPD%04d", i));
        config = write();
    }

    List<String> schools() {
        return new ArrayList<>(pd.keySet());
    }

    /** The sample trust's Slack workspace with every PD channel. */
    FakeSlack slack() {
        FakeSlack.Builder b =
                SlackTrust.fake().channel("C0OAKQOTD01", "oakfield-qotd").channel("C0RIVQOTD01", "riverside-qotd");
        pd.forEach((school, channel) -> b.channel(channel, school + "-pd"));
        return b.start();
    }

    /** An instance on {@code slack}, with its clock held by the test and no ticker of its own. */
    ConfigurableApplicationContext instance(String name, FakeSlack slack, String... more) {
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                "--spring.application.name=" + name,
                "--staffroom.config-dir=" + config,
                "--staffroom.config-check-interval=0s",
                "--staffroom.ticker.enabled=false",
                "--spring.main.banner-mode=off",
                "--staffroom.slack.bot-token=" + slack.botToken(),
                "--staffroom.slack.app-token=" + slack.appToken(),
                "--staffroom.slack.api-url=" + slack.apiUrlPrefix(),
                "--staffroom.slack.mode=socket",
                "--staffroom.slack.client-id=",
                "--staffroom.slack.client-secret="));
        args.addAll(List.of(more));
        return new SpringApplicationBuilder(StaffroomApplication.class, TestClockConfiguration.class)
                .run(args.toArray(String[]::new));
    }

    void delete() throws IOException {
        try (Stream<Path> files = Files.walk(config)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }

    private Path write() throws IOException {
        Path dir = Files.createTempDirectory("staffroom-relay-trust");
        try (Stream<Path> files = Files.list(Path.of("bot-config"))) {
            for (Path f : files.toList()) Files.copy(f, dir.resolve(f.getFileName()));
        }
        StringBuilder schools = new StringBuilder(Files.readString(dir.resolve("schools.yml"), StandardCharsets.UTF_8));
        if (!schools.toString().endsWith("\n")) schools.append('\n');
        for (String id : schools().subList(2, pd.size())) {
            schools.append("\n  - id: ").append(id).append('\n');
            schools.append("    name: Relay Race School ").append(id).append('\n');
            schools.append("    short-name: ").append(id.toUpperCase()).append('\n');
            schools.append("    space: nwt-slack\n    timezone: Europe/London\n    locale: en-GB\n");
            schools.append("    calendar: england\n    channels:\n      pd: ")
                    .append(pd.get(id))
                    .append('\n');
        }
        Files.writeString(dir.resolve("schools.yml"), schools, StandardCharsets.UTF_8);
        StringBuilder chats = new StringBuilder(Files.readString(dir.resolve("chats.yml"), StandardCharsets.UTF_8));
        if (!chats.toString().endsWith("\n")) chats.append('\n');
        chats.append("\n  - id: relay-race\n")
                .append("    hashtag: \"#RaceChat\"\n")
                .append("    title: \"Relay race\"\n")
                .append("    host: farid-rahman\n")
                .append("    start: \"")
                .append(START.toLocalDate())
                .append(' ')
                .append(START.toLocalTime())
                .append("\"\n")
                .append("    timezone: Europe/London\n")
                .append("    repeat: none\n")
                .append("    mode: live\n")
                .append("    interval: 10\n")
                .append("    duration-after-last: 30\n")
                .append("    schools: [")
                .append(String.join(", ", schools()))
                .append("]\n")
                .append("    questions:\n")
                .append("      - \"Q1: What made a relay race fair?\"\n")
                .append("      - \"Q2: What would you change?\"\n");
        Files.writeString(dir.resolve("chats.yml"), chats, StandardCharsets.UTF_8);
        return dir;
    }
}
