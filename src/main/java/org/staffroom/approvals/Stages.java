package org.staffroom.approvals;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;
import org.staffroom.chat.Texts;
import org.staffroom.chat.UserRef;
import org.staffroom.config.Approvals;
import org.staffroom.config.Person;
import org.staffroom.config.Role;
import org.staffroom.config.RoleGrant;
import org.staffroom.config.School;
import org.staffroom.config.StaffroomConfig;
import org.staffroom.config.TrustConfig;
import org.staffroom.directory.Caller;
import org.staffroom.directory.Directory;

/**
 * Reads routes and stages from the config in force, and answers "may this caller decide this
 * stage now". Nothing here is cached: a change to approvals.yml or people.yml counts at once.
 */
@Component
class Stages {

    private final TrustConfig config;
    private final Texts texts;
    private final Directory directory;

    Stages(TrustConfig config, Texts texts, Directory directory) {
        this.config = config;
        this.texts = texts;
        this.directory = directory;
    }

    /**
     * Someone a stage's cards, reminders and DMs go to: a person of people.yml, or a member of a
     * Slack user group or Discord role that people.yml makes approvers ({@code person} null), known
     * by the platform's name. {@code key} is what their votes are recorded under.
     */
    record Approver(String key, String name, UserRef account, Locale locale, Person person) {

        /** True if {@code vote} is theirs (a Discord DM vote carries no guild, so the account is matched by id). */
        boolean cast(ReviewStore.VoteRow vote) {
            if (vote.voterKey().equals(key)) return true;
            if (account == null || vote.userKey() == null) return false;
            UserRef by = UserRef.parse(vote.userKey());
            return by.platform() == account.platform() && by.id().equals(account.id());
        }
    }

    /** A stage of a route as the config has it now. */
    record Resolved(Approvals.Route route, Approvals.Stage stage, int stageNo) {
        int stageCount() {
            return route.stages().size();
        }

        boolean last() {
            return stageNo == route.stages().size();
        }
    }

    /** Whether a caller may decide a stage, and if not, why not. */
    enum Eligibility {
        OK,
        OWN,
        NOT_APPROVER,
        EARLIER_STAGE,
        STAGE_GONE
    }

    Optional<Approvals.Route> route(ReviewStore.ReviewRow review) {
        StaffroomConfig c = config.get();
        Optional<Approvals.Route> byId = c.approvals().routes().stream()
                .filter(r -> r.id().equals(review.routeId()) && r.matches(review.schoolId(), review.target()))
                .findFirst();
        return byId.isPresent() ? byId : c.approvals().routeFor(review.schoolId(), review.target());
    }

    /** The route's stage number {@code stageNo} (1-based), if the route still has that many. */
    Optional<Resolved> stageAt(ReviewStore.ReviewRow review, int stageNo) {
        return route(review)
                .filter(r -> stageNo >= 1 && stageNo <= r.stages().size())
                .map(r -> new Resolved(r, r.stages().get(stageNo - 1), stageNo));
    }

    /**
     * The stage a round belongs to, found by its id in the route in force. If an edit removed
     * it, nobody may decide (rather than guessing which stage now stands in its place).
     */
    Optional<Resolved> stageOf(ReviewStore.ReviewRow review, ReviewStore.RoundRow round) {
        return route(review).flatMap(r -> {
            for (int i = 0; i < r.stages().size(); i++) {
                if (r.stages().get(i).id().equals(round.stageId()))
                    return Optional.of(new Resolved(r, r.stages().get(i), i + 1));
            }
            return Optional.empty();
        });
    }

    /**
     * May {@code caller} decide {@code round} now? The author never may; stage approvers are the
     * people named, people holding the approver role for the draft's school ({@code school}) or
     * trust-wide ({@code trust}), including by Slack user group or Discord role, and, once the
     * stage has been escalated, its backups. Someone who approved an earlier stage of the same
     * review may not approve a later one: each stage is a separate pair of eyes.
     */
    Eligibility eligibility(
            Caller caller,
            ReviewStore.ReviewRow review,
            ReviewStore.RoundRow round,
            List<ReviewStore.VoteRow> allVotes,
            List<ReviewStore.RoundRow> rounds) {
        if (isAuthor(caller, review)) return Eligibility.OWN;
        Optional<Resolved> resolved = stageOf(review, round);
        if (resolved.isEmpty()) return Eligibility.STAGE_GONE;
        Approvals.Stage stage = resolved.get().stage();
        String personId = caller.linkedPerson().map(Person::id).orElse(null);
        boolean named = personId != null && stage.approverIds().contains(personId);
        boolean byRole = switch (stage.approverRole()) {
            case SCHOOL ->
                caller.roles().stream()
                        .anyMatch(g ->
                                g.role() == Role.APPROVER && review.schoolId().equals(g.schoolId()));
            case TRUST -> caller.hasTrustWide(Role.APPROVER);
            case NONE -> false;
        };
        boolean backup = round.escalatedAt() != null
                && personId != null
                && stage.backupIds().contains(personId);
        if (!named && !byRole && !backup) return Eligibility.NOT_APPROVER;
        for (ReviewStore.VoteRow v : allVotes) {
            if (!v.voterKey().equals(caller.personKey()) || !"APPROVE".equals(v.decision())) continue;
            boolean earlierApprovedStage = rounds.stream()
                    .anyMatch(r -> r.round() == v.round()
                            && "APPROVED".equals(r.state())
                            && r.stageNo() < round.stageNo()
                            && r.round() < round.round());
            if (earlierApprovedStage) return Eligibility.EARLIER_STAGE;
        }
        return Eligibility.OK;
    }

    static boolean isAuthor(Caller caller, ReviewStore.ReviewRow review) {
        return caller.personKey().equals(review.authorKey())
                || caller.user().key().equals(review.authorKey());
    }

    /**
     * The people a stage's cards, reminders and DMs go to: named, role holders in people.yml and the
     * members of the groups people.yml gives the role (asked of the platform now), never the author.
     */
    List<Approver> approvers(ReviewStore.ReviewRow review, Approvals.Stage stage) {
        StaffroomConfig c = config.get();
        Map<String, Approver> out = new LinkedHashMap<>();
        for (String id : stage.approverIds()) c.person(id).ifPresent(p -> out.put(p.id(), approver(p)));
        java.util.function.Predicate<RoleGrant> grants = switch (stage.approverRole()) {
            case SCHOOL -> g -> schoolApprover(g, review.schoolId());
            case TRUST -> g -> g.role() == Role.APPROVER && g.trustWide();
            case NONE -> g -> false;
        };
        for (Person p : c.people()) {
            if (p.roles().stream().anyMatch(grants)) out.putIfAbsent(p.id(), approver(p));
        }
        if (stage.approverRole() != Approvals.ApproverRole.NONE) {
            for (Directory.GroupMember m : directory.groupMembers(grants)) {
                Approver a = m.person() != null
                        ? approver(m.person())
                        : new Approver(m.key(), m.name(), m.account(), localeOfSpace(m.account()), null);
                out.putIfAbsent(a.key(), a);
            }
        }
        out.remove(review.authorKey());
        out.values().removeIf(a -> a.account() != null && a.account().key().equals(review.authorKey()));
        return new ArrayList<>(out.values());
    }

    private Approver approver(Person p) {
        return new Approver(p.id(), p.name(), directory.account(p).orElse(null), directory.localeOf(p), p);
    }

    /** A group member's language: their space's only school's, else the trust's. */
    private Locale localeOfSpace(UserRef account) {
        StaffroomConfig c = config.get();
        return directory
                .space(account.platform(), account.spaceId())
                .map(s -> c.schoolsIn(s.id()))
                .filter(l -> l.size() == 1)
                .map(l -> l.get(0).locale())
                .orElse(c.trust().locale());
    }

    List<Person> backups(ReviewStore.ReviewRow review, Approvals.Stage stage) {
        StaffroomConfig c = config.get();
        List<Person> out = new ArrayList<>();
        for (String id : stage.backupIds()) {
            c.person(id).filter(p -> !p.id().equals(review.authorKey())).ifPresent(out::add);
        }
        return out;
    }

    /** Who may decide a stage, in words: "Oakfield’s approvers", "Eleanor Shaw", … */
    String whoDecides(ReviewStore.ReviewRow review, Approvals.Stage stage, Locale locale) {
        StaffroomConfig c = config.get();
        List<String> parts = new ArrayList<>();
        for (String id : stage.approverIds()) c.person(id).ifPresent(p -> parts.add(p.name()));
        String school = c.school(review.schoolId()).map(School::shortName).orElse(review.schoolId());
        if (stage.approverRole() == Approvals.ApproverRole.SCHOOL)
            parts.add(texts.get(locale, "approvals.who.school", school));
        if (stage.approverRole() == Approvals.ApproverRole.TRUST) parts.add(texts.get(locale, "approvals.who.trust"));
        return String.join(", ", parts);
    }

    String schoolName(String schoolId) {
        return config.get().school(schoolId).map(School::shortName).orElse(schoolId);
    }

    Optional<School> school(String schoolId) {
        return config.get().school(schoolId);
    }

    StaffroomConfig config() {
        return config.get();
    }

    /** True if a role grant makes someone an approver of this school specifically. */
    static boolean schoolApprover(RoleGrant g, String schoolId) {
        return g.role() == Role.APPROVER && schoolId.equals(g.schoolId());
    }
}
