package org.staffroom.sandbox;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.staffroom.chat.Actor;
import org.staffroom.chat.ChannelRef;
import org.staffroom.chat.Connectors;
import org.staffroom.chat.SandboxAccess;
import org.staffroom.chat.Texts;
import org.staffroom.chat.UserRef;
import org.staffroom.config.ChannelPurpose;
import org.staffroom.config.Person;
import org.staffroom.config.School;
import org.staffroom.config.Space;
import org.staffroom.config.StaffroomConfig;
import org.staffroom.config.TrustConfig;
import org.staffroom.directory.Directory;

/**
 * What the sandbox shows: the spaces of platforms with no tokens set, their schools' channels,
 * and who one can act as (everyone in people.yml, plus a guest teacher per school).
 */
@Component
record SandboxWorkspace(
        Directory directory, Connectors connectors, Texts texts, SandboxAccess access, TrustConfig trustConfig) {

    private static final Logger log = LoggerFactory.getLogger(SandboxWorkspace.class);

    /** Tells whoever started Staffroom where to open the sandbox (the README's first step). */
    @EventListener(ApplicationReadyEvent.class)
    void announce() {
        if (active()) {
            log.info("Sandbox for {} at {}/sandbox", connectors.sandboxed(), trustConfig.localUrl());
        }
    }

    /** A channel, with the locale and time zone its school reads times in. */
    record ChannelView(String key, String name, String purpose, String school, String locale, String zone) {}

    record SpaceView(String platform, String spaceId, String name, List<ChannelView> channels) {}

    record PersonView(String id, String name, String school, String roles, Map<String, String> accounts) {}

    /** {@code locale} and {@code zone} are the trust's, for places with no school (direct messages, home). */
    record View(String trust, String locale, String zone, List<SpaceView> spaces, List<PersonView> people) {}

    boolean active() {
        return access.enabled();
    }

    View view() {
        StaffroomConfig c = directory.config();
        Set<org.staffroom.config.Platform> sandboxed = connectors.sandboxed();
        List<SpaceView> spaces = new ArrayList<>();
        for (Space space : c.spaces()) {
            if (!sandboxed.contains(space.platform())) continue;
            List<ChannelView> channels = new ArrayList<>();
            for (School school : c.schoolsIn(space.id())) {
                for (ChannelPurpose purpose : ChannelPurpose.values()) {
                    String id = school.channel(purpose);
                    if (id == null) continue;
                    ChannelRef ref = new ChannelRef(space.platform(), space.externalId(), id);
                    channels.add(new ChannelView(
                            ref.key(),
                            channelName(school, purpose),
                            purpose.name().toLowerCase(),
                            school.shortName(),
                            school.locale().toLanguageTag(),
                            school.zone().getId()));
                }
            }
            if (c.approvals().trustReview() != null
                    && c.approvals().trustReview().spaceId().equals(space.id())) {
                ChannelRef ref = new ChannelRef(
                        space.platform(),
                        space.externalId(),
                        c.approvals().trustReview().channelId());
                channels.add(new ChannelView(
                        ref.key(),
                        "trust-review",
                        "review",
                        c.trust().name(),
                        c.trust().locale().toLanguageTag(),
                        c.trust().zone().getId()));
            }
            spaces.add(new SpaceView(space.platform().label(), space.externalId(), space.name(), channels));
        }
        List<PersonView> people = new ArrayList<>();
        for (Person p : c.people()) {
            Map<String, String> accounts = new LinkedHashMap<>();
            for (UserRef u : directory.accounts(p)) {
                if (sandboxed.contains(u.platform())) accounts.put(u.platform() + ":" + u.spaceId(), u.key());
            }
            if (accounts.isEmpty()) continue;
            String school = p.schoolId() == null
                    ? ""
                    : c.school(p.schoolId()).map(School::shortName).orElse("");
            // "approver at Oakfield", "coordinator (whole trust)": school names, not people.yml's ids.
            String roles = p.roles().isEmpty()
                    ? "teacher"
                    : String.join(
                            ", ",
                            p.roles().stream()
                                    .map(g -> {
                                        String role = g.role().name().toLowerCase(java.util.Locale.ROOT);
                                        return g.schoolId() == null
                                                ? role + " (whole trust)"
                                                : role + " at "
                                                        + c.school(g.schoolId())
                                                                .map(School::shortName)
                                                                .orElse(g.schoolId());
                                    })
                                    .toList());
            people.add(new PersonView(p.id(), p.name(), school, roles, accounts));
        }
        for (School s : c.schools()) {
            Space space = c.spaceOf(s);
            if (!sandboxed.contains(space.platform())) continue;
            UserRef guest = guest(s, space);
            people.add(new PersonView(
                    "guest-" + s.id(),
                    guestName(s),
                    s.shortName(),
                    "teacher",
                    Map.of(space.platform() + ":" + space.externalId(), guest.key())));
        }
        return new View(
                c.trust().name(),
                c.trust().locale().toLanguageTag(),
                c.trust().zone().getId(),
                spaces,
                people);
    }

    private String guestName(School school) {
        return texts.get(school.locale(), "sandbox.guest", school.shortName());
    }

    private static String channelName(School school, ChannelPurpose purpose) {
        return school.shortName().toLowerCase().replaceAll("[^a-z0-9]+", "-") + "-"
                + purpose.name().toLowerCase();
    }

    private static UserRef guest(School school, Space space) {
        return new UserRef(space.platform(), space.externalId(), "guest-" + school.id());
    }

    /** The actor behind a user key, if it is someone the sandbox lets you act as. */
    Optional<Actor> actor(String userKey) {
        UserRef user;
        try {
            user = UserRef.parse(userKey);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        if (!connectors.sandboxed().contains(user.platform())) return Optional.empty();
        Optional<Person> person = directory.person(user);
        if (person.isPresent()) return Optional.of(Actor.of(user, person.get().name()));
        StaffroomConfig c = directory.config();
        for (School s : c.schools()) {
            Space space = c.spaceOf(s);
            if (guest(s, space).equals(user)) return Optional.of(Actor.of(user, guestName(s)));
        }
        return Optional.empty();
    }

    /** True if {@code user} may see and post in {@code channel}: a channel of their space, or their own DM. */
    boolean mayUse(UserRef user, ChannelRef channel) {
        if (channel.platform() != user.platform() || !channel.spaceId().equals(user.spaceId())) return false;
        if (channel.id().startsWith("D-")) return channel.equals(SandboxConnector.directChannel(user));
        return view().spaces().stream()
                .flatMap(s -> s.channels().stream())
                .anyMatch(ch -> ch.key().equals(channel.key()));
    }
}
