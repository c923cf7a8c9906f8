package org.staffroom.directory;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.staffroom.chat.Actor;
import org.staffroom.chat.ChannelRef;
import org.staffroom.chat.UserRef;
import org.staffroom.config.ConfigProperties;
import org.staffroom.config.Platform;
import org.staffroom.config.Role;
import org.staffroom.config.TrustConfig;

/** Who is who in the sample trust: accounts to people, channels to schools, roles from config and groups. */
class DirectoryTest {

    final Directory directory = new Directory(
            new TrustConfig(new ConfigProperties("bot-config", Duration.ZERO), e -> {}, Clock.systemUTC()));

    static final ChannelRef OAKFIELD_QOTD = new ChannelRef(Platform.SLACK, "T0NWTRUST1", "C0OAKQOTD01");
    static final ChannelRef RIVERSIDE_PD = new ChannelRef(Platform.SLACK, "T0NWTRUST1", "C0RIVPD0001");
    static final ChannelRef HILLCREST_STAFFROOM =
            new ChannelRef(Platform.DISCORD, "1180000000000000001", "1180000000000000101");

    @Test
    void aLinkedPersonIsKnownOnEveryPlatformTheyUse() {
        Caller onSlack = directory.caller(
                Actor.of(new UserRef(Platform.SLACK, "T0NWTRUST1", "U0ELEANO01"), "eleanor"), OAKFIELD_QOTD);
        Caller onDiscord = directory.caller(
                Actor.of(new UserRef(Platform.DISCORD, "1180000000000000001", "1180000000000000701"), "ellie"),
                HILLCREST_STAFFROOM);
        assertThat(onSlack.personKey()).isEqualTo("eleanor-shaw").isEqualTo(onDiscord.personKey());
        assertThat(onSlack.name()).isEqualTo("Eleanor Shaw");
        assertThat(onSlack.hasTrustWide(Role.APPROVER)).isTrue();
        assertThat(onDiscord.school().id()).isEqualTo("hillcrest");
    }

    @Test
    void theSchoolComesFromTheChannelEvenInASharedWorkspace() {
        Actor farid = Actor.of(new UserRef(Platform.SLACK, "T0NWTRUST1", "U0FARIDR01"), "farid");
        assertThat(directory.caller(farid, OAKFIELD_QOTD).school().id()).isEqualTo("oakfield");
        assertThat(directory.caller(farid, RIVERSIDE_PD).school().id()).isEqualTo("riverside");
        // In a DM, the person's home school.
        assertThat(directory.caller(farid, null).school().id()).isEqualTo("riverside");
    }

    @Test
    void schoolRolesApplyToThatSchoolOnly() {
        Caller amara = directory.caller(
                Actor.of(new UserRef(Platform.SLACK, "T0NWTRUST1", "U0AMARA001"), "amara"), OAKFIELD_QOTD);
        assertThat(amara.has(Role.APPROVER, "oakfield")).isTrue();
        assertThat(amara.has(Role.APPROVER, "riverside")).isFalse();
        assertThat(amara.hasTrustWide(Role.APPROVER)).isFalse();
        assertThat(amara.has(Role.TEACHER, "riverside")).isTrue();
        assertThat(amara.isAdmin()).isFalse();
    }

    @Test
    void anUnlistedTeacherIsATeacherOfTheOnlySchoolInTheirSpace() {
        Caller guest = directory.caller(
                Actor.of(new UserRef(Platform.DISCORD, "1180000000000000002", "999999999999"), "Lucía"), null);
        assertThat(guest.linkedPerson()).isEmpty();
        assertThat(guest.name()).isEqualTo("Lucía");
        assertThat(guest.school().id()).isEqualTo("sevilla");
        assertThat(guest.locale().getLanguage()).isEqualTo("es");
        assertThat(guest.roles()).isEmpty();
    }

    @Test
    void rolesCanComeFromADiscordRoleOrASlackUserGroup() {
        Actor slt = new Actor(
                new UserRef(Platform.DISCORD, "1180000000000000001", "888888888888"),
                "Sam",
                Set.of("1180000000000000901"));
        assertThat(directory.caller(slt, HILLCREST_STAFFROOM).has(Role.APPROVER, "hillcrest"))
                .isTrue();
        // The same role id in another guild means nothing.
        Actor elsewhere = new Actor(
                new UserRef(Platform.DISCORD, "1180000000000000002", "888888888888"),
                "Sam",
                Set.of("1180000000000000901"));
        assertThat(directory.caller(elsewhere, null).hasAnywhere(Role.APPROVER)).isFalse();
        Actor slackGroup =
                new Actor(new UserRef(Platform.SLACK, "T0NWTRUST1", "U0SOMEONE1"), "Sol", Set.of("S0OAKSLT01"));
        assertThat(directory.caller(slackGroup, OAKFIELD_QOTD).has(Role.APPROVER, "oakfield"))
                .isTrue();
    }

    @Test
    void peopleByRoleAndChannelsByPurpose() {
        assertThat(directory.peopleWith(Role.APPROVER, "oakfield"))
                .extracting(p -> p.id())
                .containsExactlyInAnyOrder("amara-okafor", "liam-oneill", "eleanor-shaw", "maya-singh");
        assertThat(directory.peopleWithTrustWide(Role.COORDINATOR))
                .extracting(p -> p.id())
                .containsExactlyInAnyOrder("farid-rahman", "kate-brennan");
        var sevilla = directory.school("sevilla").orElseThrow();
        assertThat(directory.channel(sevilla, org.staffroom.config.ChannelPurpose.QOTD))
                .contains(new ChannelRef(Platform.DISCORD, "1180000000000000002", "1180000000000000202"));
        assertThat(directory.purposeOf(OAKFIELD_QOTD)).contains(org.staffroom.config.ChannelPurpose.QOTD);
    }
}
