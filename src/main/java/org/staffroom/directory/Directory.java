package org.staffroom.directory;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Service;
import org.staffroom.chat.Actor;
import org.staffroom.chat.ChannelRef;
import org.staffroom.chat.Groups;
import org.staffroom.chat.UserRef;
import org.staffroom.config.ChannelPurpose;
import org.staffroom.config.GroupRoles;
import org.staffroom.config.Person;
import org.staffroom.config.Role;
import org.staffroom.config.RoleGrant;
import org.staffroom.config.School;
import org.staffroom.config.Space;
import org.staffroom.config.StaffroomConfig;
import org.staffroom.config.TrustConfig;

/**
 * Answers "who is this account, which school is this channel, who holds this role" from the
 * configuration in force. Every answer reads the current config, so edits count immediately.
 */
@Service
public class Directory {

    private final TrustConfig config;
    private final Groups groups;

    /** A directory that knows no platform's groups beyond what each event says (tests, tools). */
    public Directory(TrustConfig config) {
        this(config, null);
    }

    @Autowired
    public Directory(TrustConfig config, Groups groups) {
        this.config = config;
        this.groups = groups;
    }

    public StaffroomConfig config() {
        return config.get();
    }

    /** Resolves who acted in {@code channel} (null for a direct message or when unknown). */
    public Caller caller(Actor actor, ChannelRef channel) {
        StaffroomConfig c = config.get();
        Person person = person(actor.user()).orElse(null);
        School school = channel == null ? null : schoolOf(channel).orElse(null);
        if (school == null && person != null && person.schoolId() != null) {
            school = c.school(person.schoolId()).orElse(null);
        }
        if (school == null) {
            // A teacher not in people.yml, in a space that holds exactly one school.
            Optional<Space> space = space(actor.user().platform(), actor.user().spaceId());
            if (space.isPresent()) {
                List<School> inSpace = c.schoolsIn(space.get().id());
                if (inSpace.size() == 1) school = inSpace.get(0);
            }
        }
        List<RoleGrant> roles = new ArrayList<>();
        if (person != null) roles.addAll(person.roles());
        roles.addAll(groupRoles(actor));
        Locale locale = school != null ? school.locale() : c.trust().locale();
        return new Caller(actor, person, school, List.copyOf(new LinkedHashSet<>(roles)), locale);
    }

    public Optional<Person> person(UserRef user) {
        StaffroomConfig c = config.get();
        for (Person p : c.people()) {
            for (Person.Account a : p.accounts()) {
                if (!a.userId().equals(user.id())) continue;
                Optional<Space> space = c.space(a.spaceId());
                if (space.isEmpty() || space.get().platform() != user.platform()) continue;
                // A Discord DM carries no guild: the user id alone identifies the account.
                if (user.spaceId().isEmpty() || space.get().externalId().equals(user.spaceId())) return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /**
     * True if the account counts as staff under the configuration in force: listed in people.yml,
     * or a member of one of the trust's own spaces. Anyone else (a workspace or server that is not
     * the trust's) is nobody to Staffroom.
     */
    public boolean isMember(UserRef user) {
        if (person(user).isPresent()) return true;
        return !user.spaceId().isEmpty()
                && space(user.platform(), user.spaceId()).isPresent();
    }

    public Optional<Person> person(String personId) {
        return config.get().person(personId);
    }

    private List<RoleGrant> groupRoles(Actor actor) {
        List<RoleGrant> out = new ArrayList<>();
        StaffroomConfig c = config.get();
        boolean direct = actor.user().spaceId().isEmpty();
        for (GroupRoles g : c.groups()) {
            Optional<Space> space = c.space(g.spaceId());
            if (space.isEmpty() || space.get().platform() != actor.user().platform()) continue;
            if (!direct && !space.get().externalId().equals(actor.user().spaceId())) continue;
            boolean member = actor.groups().contains(g.groupId())
                    // A Discord DM carries no guild and so no roles: ask the platform who holds the role now.
                    || (direct
                            && actor.groups().isEmpty()
                            && groups != null
                            && groups.groupsOf(
                                            space.get().platform(),
                                            space.get().externalId(),
                                            actor.user().id(),
                                            Set.of(g.groupId()))
                                    .contains(g.groupId()));
            if (member) out.addAll(g.roles());
        }
        return out;
    }

    /** Someone who holds roles through platform groups: their account in the group's space and the platform's name. */
    public record GroupMember(UserRef account, String name, Person person) {
        /** The key votes are cast under: the people.yml id when listed, else the account. */
        public String key() {
            return person != null ? person.id() : account.key();
        }
    }

    /**
     * Everyone in a platform group whose grants match {@code grants}, asked of the platform now
     * (briefly cached by the adapter). A member listed in people.yml comes back with their person.
     */
    public List<GroupMember> groupMembers(Predicate<RoleGrant> grants) {
        if (groups == null) return List.of();
        StaffroomConfig c = config.get();
        java.util.Map<String, GroupMember> out = new java.util.LinkedHashMap<>();
        for (GroupRoles g : c.groups()) {
            if (g.roles().stream().noneMatch(grants)) continue;
            Optional<Space> space = c.space(g.spaceId());
            if (space.isEmpty()) continue;
            for (Groups.Member m :
                    groups.members(space.get().platform(), space.get().externalId(), g.groupId())) {
                Person person = person(m.user()).orElse(null);
                GroupMember member =
                        new GroupMember(m.user(), person != null ? person.name() : m.displayName(), person);
                out.putIfAbsent(member.key(), member);
            }
        }
        return List.copyOf(out.values());
    }

    public Optional<Space> space(org.staffroom.config.Platform platform, String externalId) {
        return config.get().space(platform, externalId);
    }

    /** The school a channel belongs to, by any of its purposes. */
    public Optional<School> schoolOf(ChannelRef channel) {
        StaffroomConfig c = config.get();
        for (School s : c.schools()) {
            Space space = c.spaceOf(s);
            if (space.platform() != channel.platform()) continue;
            if (!channel.spaceId().isEmpty() && !space.externalId().equals(channel.spaceId())) continue;
            if (s.channels().containsValue(channel.id())) return Optional.of(s);
        }
        return Optional.empty();
    }

    public Optional<ChannelPurpose> purposeOf(ChannelRef channel) {
        return schoolOf(channel)
                .flatMap(s -> s.channels().entrySet().stream()
                        .filter(e -> e.getValue().equals(channel.id()))
                        .map(e -> e.getKey())
                        .findFirst());
    }

    /** The school's channel for {@code purpose}, if it has one. */
    public Optional<ChannelRef> channel(School school, ChannelPurpose purpose) {
        String id = school.channel(purpose);
        if (id == null) return Optional.empty();
        Space space = config.get().spaceOf(school);
        return Optional.of(new ChannelRef(space.platform(), space.externalId(), id));
    }

    public Optional<ChannelRef> channel(String spaceId, String channelId) {
        return config.get().space(spaceId).map(s -> new ChannelRef(s.platform(), s.externalId(), channelId));
    }

    /** The person's account in their home school's space, else their first account. */
    public Optional<UserRef> account(Person person) {
        StaffroomConfig c = config.get();
        String home = person.schoolId() == null
                ? null
                : c.school(person.schoolId()).map(School::spaceId).orElse(null);
        Person.Account best = person.accounts().stream()
                .filter(a -> a.spaceId().equals(home))
                .findFirst()
                .orElse(person.accounts().isEmpty() ? null : person.accounts().get(0));
        if (best == null) return Optional.empty();
        return c.space(best.spaceId()).map(s -> new UserRef(s.platform(), s.externalId(), best.userId()));
    }

    /** All of a person's accounts, one per space. */
    public List<UserRef> accounts(Person person) {
        StaffroomConfig c = config.get();
        List<UserRef> out = new ArrayList<>();
        for (Person.Account a : person.accounts()) {
            c.space(a.spaceId()).ifPresent(s -> out.add(new UserRef(s.platform(), s.externalId(), a.userId())));
        }
        return out;
    }

    /** People named in people.yml who hold {@code role} for {@code schoolId} (trust-wide grants included). */
    public List<Person> peopleWith(Role role, String schoolId) {
        return config.get().people().stream()
                .filter(p -> p.roles().stream().anyMatch(g -> g.covers(role, schoolId)))
                .toList();
    }

    /** People with {@code role} granted trust-wide. */
    public List<Person> peopleWithTrustWide(Role role) {
        return config.get().people().stream()
                .filter(p -> p.roles().stream().anyMatch(g -> g.role() == role && g.trustWide()))
                .toList();
    }

    /** Platform groups that carry {@code role} for {@code schoolId}, e.g. to count a Discord role's members. */
    public Set<String> groupsWith(Role role, String schoolId) {
        Set<String> out = new LinkedHashSet<>();
        for (GroupRoles g : config.get().groups()) {
            if (g.roles().stream().anyMatch(r -> r.covers(role, schoolId))) out.add(g.groupId());
        }
        return out;
    }

    public Locale localeOf(School school) {
        return school == null ? config.get().trust().locale() : school.locale();
    }

    /** The locale to address a person in: their home school's. */
    public Locale localeOf(Person person) {
        return person.schoolId() == null
                ? config.get().trust().locale()
                : config.get()
                        .school(person.schoolId())
                        .map(School::locale)
                        .orElse(config.get().trust().locale());
    }

    public List<School> schools() {
        return config.get().schools();
    }

    public Optional<School> school(String id) {
        return config.get().school(id);
    }

    /**
     * True if the caller may use what the catalog declares for {@code role}: anyone for TEACHER, a
     * trust-wide admin for ADMIN, and otherwise the role held for some school or the whole trust.
     * The dispatcher, help's list and the web pages that mirror a command all ask this.
     */
    public static boolean holds(Caller caller, Role role) {
        return switch (role) {
            case TEACHER -> true;
            case ADMIN -> caller.isAdmin();
            default -> caller.hasAnywhere(role);
        };
    }

    /** True if {@code role} is granted to the caller; convenience for permission checks in handlers. */
    public static boolean allowed(Caller caller, Role role, School school) {
        return school == null ? caller.hasAnywhere(role) : caller.has(role, school.id());
    }
}
