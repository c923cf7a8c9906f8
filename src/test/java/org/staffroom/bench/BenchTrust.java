package org.staffroom.bench;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.staffroom.testing.discord.Dispatch;
import org.staffroom.testing.discord.FakeDiscord;
import org.staffroom.testing.slack.FakeSlack;
import org.staffroom.testing.slack.FakeUser;

/**
 * A generated trust for benchmarks: {@code slackSchools} schools in one Slack workspace and
 * {@code discordSchools} schools spread over Discord guilds of at most {@code perGuild} schools,
 * each school with the channels asked for, three staff members per school on its platform, one
 * trust-wide coordinator with an account in every space, and optionally a live PD chat across all
 * schools that started two minutes ago (so messages carrying its hashtag are captured at once).
 * {@link #write} puts the bot-config files in a folder; {@link #slack} and {@link #discord} build
 * loopback fakes holding the same workspace, guilds, channels and people.
 */
final class BenchTrust {

    static final String TEAM = "T0BENCH001";
    static final String COORDINATOR_SLACK = "U0BENCHCO1";
    static final long COORDINATOR_DISCORD = 1192000000000000001L;
    static final String HASHTAG = "#BenchChat";
    static final int POSTERS = 3;

    enum Purpose {
        STAFFROOM,
        QOTD,
        PD
    }

    /** One generated school: where it chats and who posts there. */
    record School(int n, String id, boolean slack, int guild, Map<Purpose, String> channels) {
        String channel(Purpose p) {
            return channels.get(p);
        }

        long discordChannel(Purpose p) {
            return Long.parseLong(channels.get(p));
        }

        String slackPoster(int k) {
            return String.format("U0P%05d%d", n, k);
        }

        long discordPoster(int k) {
            return 1193000000000000000L + n * 10L + k;
        }

        String posterName(int k) {
            return "Teacher " + k + " of " + shortName();
        }

        String shortName() {
            return String.format("S%03d", n);
        }
    }

    private final int perGuild;
    private final List<Purpose> purposes;
    private final boolean chat;
    private final List<School> schools = new ArrayList<>();

    /** The trust the chat benches share: staffroom and PD channels and a live PD chat. */
    static BenchTrust liveChat(int slackSchools, int discordSchools, int perGuild) {
        return new BenchTrust(slackSchools, discordSchools, perGuild, List.of(Purpose.STAFFROOM, Purpose.PD), true);
    }

    BenchTrust(int slackSchools, int discordSchools, int perGuild, List<Purpose> purposes, boolean chat) {
        this.perGuild = perGuild;
        this.purposes = List.copyOf(purposes);
        this.chat = chat;
        int n = 0;
        for (int i = 0; i < slackSchools; i++) {
            n++;
            schools.add(new School(n, id(n), true, -1, channels(n, true)));
        }
        for (int i = 0; i < discordSchools; i++) {
            n++;
            schools.add(new School(n, id(n), false, i / perGuild, channels(n, false)));
        }
    }

    private static String id(int n) {
        return String.format("s%03d", n);
    }

    private Map<Purpose, String> channels(int n, boolean slack) {
        Map<Purpose, String> out = new java.util.EnumMap<>(Purpose.class);
        for (Purpose p : purposes) {
            out.put(
                    p,
                    slack
                            ? String.format("C0%s%05d", code(p), n)
                            : Long.toString(1191000000000000000L + n * 10L + p.ordinal() + 1));
        }
        return out;
    }

    private static String code(Purpose p) {
        return switch (p) {
            case STAFFROOM -> "ST";
            case QOTD -> "QD";
            case PD -> "PD";
        };
    }

    List<School> schools() {
        return schools;
    }

    List<School> slackSchools() {
        return schools.stream().filter(School::slack).toList();
    }

    List<School> discordSchools() {
        return schools.stream().filter(s -> !s.slack()).toList();
    }

    int guilds() {
        return discordSchools().isEmpty()
                ? 0
                : discordSchools().get(discordSchools().size() - 1).guild() + 1;
    }

    /** The {@code i}th PD chat message of a burst spread round the Slack schools, their posters taking turns. */
    JsonObject slackPdMessage(FakeSlack fake, int i, String text) {
        List<School> s = slackSchools();
        School school = s.get(i % s.size());
        return fake.payloads()
                .message(school.channel(Purpose.PD), school.slackPoster(1 + (i / s.size()) % POSTERS), text);
    }

    /** The {@code i}th PD chat message of a burst spread round the Discord schools, their posters taking turns. */
    Dispatch discordPdMessage(FakeDiscord fake, int i, String text) {
        List<School> d = discordSchools();
        School school = d.get(i % d.size());
        return fake.events()
                .message(school.discordChannel(Purpose.PD), school.discordPoster(1 + (i / d.size()) % POSTERS), text)
                .build();
    }

    static long guildId(int guild) {
        return 1190000000000000001L + guild;
    }

    // ------------------------------------------------------------------ bot-config

    /** Writes the bot-config folder; the question bank is the sample trust's. */
    Path write(Path dir) {
        try {
            BenchYaml.writeTrust(dir, "bench", "Benchmark Learning Trust", HASHTAG);
            Files.writeString(dir.resolve("schools.yml"), schoolsYml());
            Files.writeString(dir.resolve("people.yml"), peopleYml());
            if (chat)
                Files.writeString(
                        dir.resolve("chats.yml"),
                        BenchYaml.liveChat("bench", "Benchmark chat", HASHTAG, Instant.now()));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String schoolsYml() {
        StringBuilder y = new StringBuilder("spaces:\n");
        if (!slackSchools().isEmpty()) {
            y.append("  - { id: bench-slack, platform: slack, team: ")
                    .append(TEAM)
                    .append(", name: Bench Slack }\n");
        }
        BenchYaml.appendDiscordSpaces(y, "bench", "Bench", guilds());
        y.append("schools:\n");
        for (School s : schools) {
            y.append("  - id: ")
                    .append(s.id())
                    .append('\n')
                    .append("    name: Bench School ")
                    .append(s.n())
                    .append('\n')
                    .append("    short-name: ")
                    .append(s.shortName())
                    .append('\n')
                    .append("    space: ")
                    .append(s.slack() ? "bench-slack" : "bench-discord-" + s.guild())
                    .append('\n')
                    .append("    staff-count: 40\n")
                    .append("    index-hashtags: true\n");
            BenchYaml.appendChannels(y, purposes, s::channel);
        }
        return y.toString();
    }

    private String peopleYml() {
        StringBuilder y = new StringBuilder("""
                people:
                  - id: bench-coordinator
                    name: Bench Coordinator
                    school: s001
                    roles: [coordinator, admin]
                    accounts:
                """);
        if (!slackSchools().isEmpty())
            y.append("      - { space: bench-slack, user: ")
                    .append(COORDINATOR_SLACK)
                    .append(" }\n");
        BenchYaml.appendCoordinatorDiscordAccounts(y, "bench", guilds());
        return y.toString();
    }

    // ------------------------------------------------------------------ fakes

    /** A loopback Slack holding the workspace: channels, staff, the coordinator. */
    FakeSlack slack() {
        FakeSlack.Builder b = FakeSlack.builder()
                .team(TEAM, "Benchmark Learning Trust", "bench-trust")
                .user(FakeUser.of(COORDINATOR_SLACK, "coordinator", "Bench Coordinator"));
        for (School s : slackSchools()) {
            for (Purpose p : purposes)
                b.channel(s.channel(p), s.id() + "-" + p.name().toLowerCase());
            for (int k = 1; k <= POSTERS; k++)
                b.user(FakeUser.of(s.slackPoster(k), "t" + s.n() + "-" + k, s.posterName(k)));
        }
        return b.start();
    }

    /** A loopback Discord holding the guilds: channels, staff, the coordinator. */
    FakeDiscord discord() {
        FakeDiscord.Builder b = FakeDiscord.builder().awaitTimeout(java.time.Duration.ofSeconds(60));
        for (int g = 0; g < guilds(); g++) {
            int guild = g;
            b.guild(guildId(g), "Bench Discord " + g, spec -> {
                spec.member(COORDINATOR_DISCORD, "coordinator", "Bench Coordinator");
                for (School s : discordSchools()) {
                    if (s.guild() != guild) continue;
                    for (Purpose p : purposes)
                        spec.textChannel(
                                s.discordChannel(p), s.id() + "-" + p.name().toLowerCase());
                    for (int k = 1; k <= POSTERS; k++)
                        spec.member(s.discordPoster(k), "t" + s.n() + "-" + k, s.posterName(k));
                }
            });
        }
        return b.start();
    }

    @Override
    public String toString() {
        return slackSchools().size() + " Slack schools in 1 workspace, "
                + discordSchools().size() + " Discord schools in " + guilds() + " guild(s) of up to " + perGuild;
    }
}
