package org.staffroom.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.staffroom.testing.discord.FakeDiscord;
import org.staffroom.testing.slack.FakeSlack;
import org.staffroom.testing.slack.FakeUser;

/**
 * The trust of issue 21's trust-scale run, larger than {@link BenchTrust} and with a directory of its
 * own: {@code slackSchools} schools over {@link #SLACK_WORKSPACES} Slack workspaces (the first's bot token
 * configured, the others installed by OAuth), {@code discordSchools} over Discord guilds
 * of {@code perGuild}, each school with qotd, PD and review channels and {@link #STAFF_PER_SCHOOL}
 * staff listed in people.yml (the first {@link #PARTICIPANTS_PER_SCHOOL} post in the PD chat, the
 * last one approves the school's drafts), a live PD chat across all schools and one approval route.
 */
final class TrustScaleTrust {

    static final int STAFF_PER_SCHOOL = 100;
    static final int PARTICIPANTS_PER_SCHOOL = 4;
    static final String HASHTAG = "#TrustScale";
    static final String TRUST_REVIEW = "C0TRUSTRV1";
    /** Issue 21: "25 on Slack across 2 workspaces". */
    static final int SLACK_WORKSPACES = 2;

    /** The team id of Slack workspace {@code w} (0-based); the first is the bench's usual team. */
    static String team(int w) {
        return w == 0 ? BenchTrust.TEAM : String.format(Locale.ROOT, "T0BENCH%03d", w + 1);
    }

    /** The app's OAuth client, which installs Staffroom in the workspaces after the first. */
    static final String OAUTH_CLIENT_ID = "scale-client";

    static final String OAUTH_CLIENT_SECRET = "scale-client-secret";

    enum Purpose {
        QOTD,
        PD,
        REVIEW
    }

    /** One school: its number (1-based), platform, and its Slack workspace or Discord guild (0-based). */
    record School(int n, boolean slack, int guild) {
        String id() {
            return String.format(Locale.ROOT, "t%03d", n);
        }

        String space() {
            return slack ? "scale-slack-" + guild : "scale-discord-" + guild;
        }

        /** The Slack school's team id. */
        String team() {
            if (!slack) throw new IllegalStateException(id() + " is on Discord");
            return TrustScaleTrust.team(guild);
        }

        String channel(Purpose p) {
            return slack
                    ? String.format(Locale.ROOT, "C0T%s%05d", p.name().charAt(0), n)
                    : Long.toString(1195000000000000000L + n * 10L + p.ordinal());
        }

        /** The staff member's platform id; {@code k} counts from 1 within the school. */
        String user(int k) {
            int i = (n - 1) * STAFF_PER_SCHOOL + k;
            return slack ? String.format(Locale.ROOT, "U0T%06d", i) : Long.toString(1194000000000000000L + i);
        }

        String key(Purpose p) {
            return (slack ? "slack:" : "discord:") + channel(p);
        }
    }

    private final List<School> schools = new ArrayList<>();
    private final int guilds;

    TrustScaleTrust(int slackSchools, int discordSchools, int perGuild) {
        // The Slack schools split over the workspaces in order: 13 and 12 of 25.
        for (int i = 0; i < slackSchools; i++)
            schools.add(new School(schools.size() + 1, true, i * SLACK_WORKSPACES / slackSchools));
        for (int i = 0; i < discordSchools; i++) schools.add(new School(schools.size() + 1, false, i / perGuild));
        this.guilds = (discordSchools + perGuild - 1) / perGuild;
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
        return guilds;
    }

    int staff() {
        return schools.size() * STAFF_PER_SCHOOL;
    }

    int participants() {
        return schools.size() * PARTICIPANTS_PER_SCHOOL;
    }

    /** Writes trust.yml, questions.yml and policy.yml (the sample's), calendar.yml, schools.yml, people.yml, chats.yml and approvals.yml. */
    Path write(Path dir) {
        try {
            BenchYaml.writeTrust(dir, "scale", "Trust-scale Learning Trust", HASHTAG);
            // The sample's networks and checks (a draft names Facebook and is checked as in production), without
            // its "allow:" section, which names the sample's schools.
            String policy = Files.readString(Path.of("bot-config", "policy.yml"));
            int allow = policy.indexOf("\nallow:");
            Files.writeString(dir.resolve("policy.yml"), allow < 0 ? policy : policy.substring(0, allow + 1));
            // A term all year round, so the question of the day goes out whatever the date of the run.
            LocalDate today = LocalDate.now(ZoneOffset.UTC);
            Files.writeString(dir.resolve("calendar.yml"), """
                    regions:
                      always:
                        terms:
                          - { name: All year, from: %s, to: %s }
                    """.formatted(today.minusYears(1), today.plusYears(1)));
            Files.writeString(dir.resolve("schools.yml"), schoolsYml());
            Files.writeString(dir.resolve("people.yml"), peopleYml());
            Files.writeString(
                    dir.resolve("chats.yml"), BenchYaml.liveChat("scale", "Trust-scale chat", HASHTAG, Instant.now()));
            Files.writeString(dir.resolve("approvals.yml"), approvalsYml());
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String schoolsYml() {
        StringBuilder y = new StringBuilder("spaces:\n");
        for (int w = 0; w < SLACK_WORKSPACES; w++)
            y.append("  - { id: scale-slack-")
                    .append(w)
                    .append(", platform: slack, team: ")
                    .append(team(w))
                    .append(", name: Scale Slack ")
                    .append(w)
                    .append(" }\n");
        BenchYaml.appendDiscordSpaces(y, "scale", "Scale", guilds);
        y.append("schools:\n");
        for (School s : schools) {
            y.append("  - id: ").append(s.id()).append('\n');
            y.append("    name: Scale School ").append(s.n()).append('\n');
            y.append("    short-name: S").append(s.n()).append('\n');
            y.append("    space: ").append(s.space()).append('\n');
            y.append("    staff-count: ").append(STAFF_PER_SCHOOL).append('\n');
            y.append("    calendar: always\n");
            BenchYaml.appendChannels(y, java.util.List.of(Purpose.values()), s::channel);
        }
        return y.toString();
    }

    /** The coordinator (an account in every space) and every school's staff, the last of each its approver. */
    private String peopleYml() {
        StringBuilder y = new StringBuilder("""
                people:
                  - id: scale-coordinator
                    name: Scale Coordinator
                    school: t001
                    roles: [coordinator, admin]
                    accounts:
                """);
        for (int w = 0; w < SLACK_WORKSPACES; w++)
            y.append("      - { space: scale-slack-")
                    .append(w)
                    .append(", user: ")
                    .append(BenchTrust.COORDINATOR_SLACK)
                    .append(" }\n");
        BenchYaml.appendCoordinatorDiscordAccounts(y, "scale", guilds);
        for (School s : schools) {
            for (int k = 1; k <= STAFF_PER_SCHOOL; k++) {
                y.append("  - id: ").append(s.id()).append("-staff-").append(k).append('\n');
                y.append("    name: ").append(name(s, k)).append('\n');
                y.append("    school: ").append(s.id()).append('\n');
                y.append("    roles: [")
                        .append(k == STAFF_PER_SCHOOL ? "approver@" + s.id() : "")
                        .append("]\n");
                y.append("    accounts:\n");
                y.append("      - { space: ")
                        .append(s.space())
                        .append(", user: \"")
                        .append(s.user(k))
                        .append("\" }\n");
            }
        }
        return y.toString();
    }

    static String name(School s, int k) {
        return "Teacher " + k + " of S" + s.n();
    }

    private String approvalsYml() {
        StringBuilder ids = new StringBuilder();
        for (School s : schools) ids.append(ids.isEmpty() ? "" : ", ").append(s.id());
        return """
                trust-review:
                  space: scale-slack-0
                  channel: %s

                routes:
                  - id: school-page
                    target: school
                    schools: [%s]
                    stages:
                      - id: head
                        name: Head teacher sign-off
                        approver-role: school
                        quorum: 1
                        post-to: school-review
                        remind-after: 4h
                        escalate-after: 24h
                """.formatted(TRUST_REVIEW, ids);
    }

    /**
     * A loopback Slack with the workspaces, every Slack school's channels (each in its workspace) and staff,
     * the coordinator, the trust review channel (first workspace) and the app's OAuth client.
     */
    FakeSlack slack() {
        FakeSlack.Builder b = FakeSlack.builder()
                .team(team(0), "Trust-scale Slack 0", "scale-trust-0")
                .oauthClient(OAUTH_CLIENT_ID, OAUTH_CLIENT_SECRET)
                .user(FakeUser.of(BenchTrust.COORDINATOR_SLACK, "coordinator", "Scale Coordinator"))
                .channel(TRUST_REVIEW, "trust-review");
        for (int w = 1; w < SLACK_WORKSPACES; w++) b.workspace(team(w), "Trust-scale Slack " + w, "scale-trust-" + w);
        for (School s : slackSchools()) {
            for (Purpose p : Purpose.values())
                b.channelIn(s.team(), s.channel(p), s.id() + "-" + p.name().toLowerCase(Locale.ROOT));
            for (int k = 1; k <= STAFF_PER_SCHOOL; k++)
                b.user(FakeUser.of(s.user(k), "t" + s.n() + "-" + k, name(s, k)));
        }
        return b.start();
    }

    /** A loopback Discord with the guilds, their channels and staff, and the coordinator in each. */
    FakeDiscord discord() {
        FakeDiscord.Builder b = FakeDiscord.builder().awaitTimeout(Duration.ofSeconds(60));
        for (int g = 0; g < guilds; g++) {
            int guild = g;
            b.guild(BenchTrust.guildId(g), "Scale Discord " + g, spec -> {
                spec.member(BenchTrust.COORDINATOR_DISCORD, "coordinator", "Scale Coordinator");
                for (School s : discordSchools()) {
                    if (s.guild() != guild) continue;
                    for (Purpose p : Purpose.values())
                        spec.textChannel(
                                Long.parseLong(s.channel(p)),
                                s.id() + "-" + p.name().toLowerCase(Locale.ROOT));
                    for (int k = 1; k <= STAFF_PER_SCHOOL; k++)
                        spec.member(Long.parseLong(s.user(k)), "t" + s.n() + "-" + k, name(s, k));
                }
            });
        }
        return b.start();
    }

    @Override
    public String toString() {
        return slackSchools().size() + " Slack schools in " + SLACK_WORKSPACES + " workspaces, "
                + discordSchools().size()
                + " Discord schools in " + guilds + " guilds, " + staff() + " staff in people.yml, " + participants()
                + " chat participants";
    }
}
