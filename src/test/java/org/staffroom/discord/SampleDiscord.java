package org.staffroom.discord;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.staffroom.config.ChannelPurpose;
import org.staffroom.config.ConfigLoader;
import org.staffroom.config.GroupRoles;
import org.staffroom.config.Person;
import org.staffroom.config.Platform;
import org.staffroom.config.School;
import org.staffroom.config.Space;
import org.staffroom.config.StaffroomConfig;
import org.staffroom.testing.discord.FakeDiscord;

/**
 * A {@link FakeDiscord} holding the sample trust from {@code bot-config/}: one guild per Discord
 * space, each school's channels, a role per configured Discord group and every person's account as
 * a member, plus two people bot-config does not name (one with the "Senior Leadership" role).
 */
public final class SampleDiscord {

    public static final long HILLCREST = 1180000000000000001L;
    public static final long SEVILLA = 1180000000000000002L;
    public static final long HILLCREST_STAFFROOM = 1180000000000000101L;
    public static final long HILLCREST_QOTD = 1180000000000000102L;
    public static final long HILLCREST_PD = 1180000000000000103L;
    public static final long HILLCREST_REVIEW = 1180000000000000104L;
    public static final long SEVILLA_STAFFROOM = 1180000000000000201L;
    public static final long SEVILLA_QOTD = 1180000000000000202L;
    public static final long SEVILLA_PD = 1180000000000000203L;
    public static final long SEVILLA_REVIEW = 1180000000000000204L;
    public static final long GRACE = 1180000000000000501L;
    public static final long HARRY = 1180000000000000502L;
    public static final long OMAR = 1180000000000000503L;
    public static final long ISABEL = 1180000000000000601L;
    public static final long JAVIER = 1180000000000000602L;
    public static final long SENIOR_LEADERSHIP = 1180000000000000901L;
    /** Not in people.yml; holds the Senior Leadership role, which bot-config maps to approver@hillcrest. */
    public static final long SAM = 1180000000000000950L;
    /** Not in people.yml and no role: a plain teacher of Hillcrest. */
    public static final long TESS = 1180000000000000951L;

    private SampleDiscord() {}

    /** A server that is not the trust's, with one channel and one member: a stranger who added the bot. */
    public static final long STRANGER_GUILD = 1180000000000000099L;

    public static final long STRANGER_CHANNEL = 1180000000000000991L;
    public static final long STRANGER = 1180000000000000999L;

    public static FakeDiscord start() {
        return start(b -> {});
    }

    /** The sample trust's guilds plus whatever {@code extra} adds (a stranger's server, say). */
    public static FakeDiscord start(java.util.function.Consumer<FakeDiscord.Builder> extra) {
        StaffroomConfig config = ConfigLoader.load(Path.of("bot-config"), "bot-config");
        FakeDiscord.Builder builder = FakeDiscord.builder()
                // Heartbeats every 2 s: JDA notices a dead connection quickly, well under the fake's 120 frames/min.
                .heartbeatInterval(Duration.ofSeconds(2))
                .awaitTimeout(Duration.ofSeconds(15));
        for (Space space : config.spaces()) {
            if (space.platform() != Platform.DISCORD) continue;
            long guildId = Long.parseUnsignedLong(space.externalId());
            builder.guild(guildId, space.name(), g -> {
                for (School school : config.schoolsIn(space.id())) {
                    for (Map.Entry<ChannelPurpose, String> channel :
                            school.channels().entrySet()) {
                        g.textChannel(
                                Long.parseUnsignedLong(channel.getValue()),
                                school.id() + "-" + channel.getKey().name().toLowerCase());
                    }
                }
                for (GroupRoles group : config.groups()) {
                    if (group.spaceId().equals(space.id()))
                        g.role(Long.parseUnsignedLong(group.groupId()), "Senior Leadership", 0);
                }
                for (Person person : config.people()) {
                    for (Person.Account account : person.accounts()) {
                        if (account.spaceId().equals(space.id())) {
                            g.member(Long.parseUnsignedLong(account.userId()), person.id(), person.name());
                        }
                    }
                }
                if (guildId == HILLCREST) {
                    g.member(SAM, "sam", "Sam Senior", SENIOR_LEADERSHIP);
                    g.member(TESS, "tess", "Tess Teacher");
                }
            });
        }
        extra.accept(builder);
        return builder.start();
    }
}
