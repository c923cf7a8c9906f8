package org.staffroom.config;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Everything in bot-config, validated. Immutable: a reload builds a new one. */
public record StaffroomConfig(
        Trust trust,
        List<Space> spaces,
        List<School> schools,
        List<Person> people,
        List<GroupRoles> groups,
        List<QuestionDef> questions,
        List<PdChatDef> chats,
        Policy policy,
        Map<String, List<String>> noConsent,
        SchoolCalendar calendar,
        Approvals approvals,
        Publishing publishing) {

    /** Without connected accounts (the configuration as it was before publishing). */
    public StaffroomConfig(
            Trust trust,
            List<Space> spaces,
            List<School> schools,
            List<Person> people,
            List<GroupRoles> groups,
            List<QuestionDef> questions,
            List<PdChatDef> chats,
            Policy policy,
            Map<String, List<String>> noConsent,
            SchoolCalendar calendar,
            Approvals approvals) {
        this(
                trust,
                spaces,
                schools,
                people,
                groups,
                questions,
                chats,
                policy,
                noConsent,
                calendar,
                approvals,
                Publishing.NONE);
    }

    public Optional<School> school(String id) {
        return schools.stream().filter(s -> s.id().equals(id)).findFirst();
    }

    public Optional<Space> space(String id) {
        return spaces.stream().filter(s -> s.id().equals(id)).findFirst();
    }

    public Optional<Space> space(Platform platform, String externalId) {
        return spaces.stream()
                .filter(s -> s.platform() == platform && s.externalId().equals(externalId))
                .findFirst();
    }

    public Optional<Person> person(String id) {
        return people.stream().filter(p -> p.id().equals(id)).findFirst();
    }

    public List<School> schoolsIn(String spaceId) {
        return schools.stream().filter(s -> s.spaceId().equals(spaceId)).toList();
    }

    /** The space a school chats in (always present in a validated config). */
    public Space spaceOf(School school) {
        return space(school.spaceId()).orElseThrow();
    }

    public List<String> noConsentNames(String schoolId) {
        return noConsent.getOrDefault(schoolId, List.of());
    }

    /** The same configuration with other no-media-consent lists (a refused edit's good lines brought in). */
    public StaffroomConfig withNoConsent(Map<String, List<String>> lists) {
        return new StaffroomConfig(
                trust,
                spaces,
                schools,
                people,
                groups,
                questions,
                chats,
                policy,
                Map.copyOf(lists),
                calendar,
                approvals,
                publishing);
    }
}
