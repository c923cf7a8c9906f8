package org.staffroom.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** approvals.yml: which stages a draft goes through, by school and target. */
public record Approvals(ChannelLocation trustReview, List<Route> routes) {

    /** Whose account a post is for. */
    public enum Target {
        SCHOOL,
        TRUST
    }

    /** Which people vote in a stage besides those named. */
    public enum ApproverRole {
        NONE,
        SCHOOL,
        TRUST
    }

    /** Where a stage's review card is posted. */
    public enum PostTo {
        SCHOOL_REVIEW,
        TRUST_REVIEW,
        DIRECT
    }

    public record ChannelLocation(String spaceId, String channelId) {}

    /** A route; an empty {@code schoolIds} means every school. */
    public record Route(String id, Target target, Set<String> schoolIds, List<Stage> stages) {
        public boolean matches(String schoolId, Target t) {
            return target == t && (schoolIds.isEmpty() || schoolIds.contains(schoolId));
        }
    }

    public record Stage(
            String id,
            String name,
            List<String> approverIds,
            ApproverRole approverRole,
            int quorum,
            PostTo postTo,
            Duration remindAfter,
            Duration escalateAfter,
            List<String> backupIds) {}

    public Optional<Route> routeFor(String schoolId, Target target) {
        return routes.stream().filter(r -> r.matches(schoolId, target)).findFirst();
    }
}
