package org.staffroom.directory;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.staffroom.chat.Actor;
import org.staffroom.chat.UserRef;
import org.staffroom.config.Person;
import org.staffroom.config.Role;
import org.staffroom.config.RoleGrant;
import org.staffroom.config.School;

/**
 * Who acted, as the trust knows them: the account, the person from people.yml if linked, the
 * school (from the channel, else the person's home school), every role they hold (from people.yml
 * and platform groups) and the language to answer in. Resolved fresh for each event, so a role
 * removed from the config counts at once.
 */
public record Caller(Actor actor, Person person, School school, List<RoleGrant> roles, Locale locale) {

    public UserRef user() {
        return actor.user();
    }

    public Optional<Person> linkedPerson() {
        return Optional.ofNullable(person);
    }

    public Optional<School> schoolIfKnown() {
        return Optional.ofNullable(school);
    }

    /** The name shown to others: the config's name for a known person, else the platform's. */
    public String name() {
        return person != null ? person.name() : actor.displayName();
    }

    /** A stable id for the person behind the account (people.yml id, else the platform account). */
    public String personKey() {
        return person != null ? person.id() : actor.user().key();
    }

    /** True if the caller holds {@code role} for {@code schoolId} (a trust-wide grant covers all schools). */
    public boolean has(Role role, String schoolId) {
        if (role == Role.TEACHER) return true;
        return roles.stream().anyMatch(g -> g.covers(role, schoolId));
    }

    /** True if the caller holds {@code role} for the whole trust. */
    public boolean hasTrustWide(Role role) {
        if (role == Role.TEACHER) return true;
        return roles.stream().anyMatch(g -> g.role() == role && g.trustWide());
    }

    /** True if the caller holds {@code role} anywhere (for one school or trust-wide). */
    public boolean hasAnywhere(Role role) {
        if (role == Role.TEACHER) return true;
        return roles.stream().anyMatch(g -> g.role() == role);
    }

    public boolean isAdmin() {
        return hasTrustWide(Role.ADMIN);
    }
}
