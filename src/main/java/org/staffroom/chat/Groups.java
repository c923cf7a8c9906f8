package org.staffroom.chat;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import org.staffroom.chat.spi.DeliveryException;
import org.staffroom.chat.spi.GroupMembers;
import org.staffroom.config.Platform;

/**
 * Who is in a platform group (Slack user group, Discord role), asked of the platform's adapter at
 * the moment it is needed; each adapter caches briefly. When a platform cannot say (not connected,
 * refused, no adapter), nobody is assumed to be in the group: fewer people are reached, none wrongly.
 */
@Component
public class Groups {

    private static final Logger log = LoggerFactory.getLogger(Groups.class);

    private final ObjectProvider<GroupMembers> adapters;
    private volatile Map<Platform, GroupMembers> byPlatform;

    /** Adapters are looked up on first use: they depend on the directory, which depends on this. */
    Groups(ObjectProvider<GroupMembers> adapters) {
        this.adapters = adapters;
    }

    private GroupMembers adapter(Platform platform) {
        Map<Platform, GroupMembers> found = byPlatform;
        if (found == null) {
            found = new java.util.HashMap<>();
            for (GroupMembers a : adapters.orderedStream().toList()) found.putIfAbsent(a.platform(), a);
            byPlatform = found;
        }
        return found.get(platform);
    }

    /** A member of a group: their account in the group's space and the name the platform shows. */
    public record Member(UserRef user, String displayName) {}

    /** The members of {@code groupId} in space {@code spaceId} on {@code platform}; empty when unknown. */
    public List<Member> members(Platform platform, String spaceId, String groupId) {
        GroupMembers adapter = adapter(platform);
        if (adapter == null) return List.of();
        try {
            return adapter.members(spaceId, groupId).stream()
                    .map(m -> new Member(new UserRef(platform, spaceId, m.userId()), m.displayName()))
                    .toList();
        } catch (DeliveryException | RuntimeException e) {
            log.warn(
                    "Could not list the members of {} group {} in {}: {}",
                    platform.label(),
                    groupId,
                    spaceId,
                    e.getMessage());
            return List.of();
        }
    }

    /** Which of {@code groupIds} {@code userId} belongs to in space {@code spaceId}; empty when unknown. */
    public Set<String> groupsOf(Platform platform, String spaceId, String userId, Set<String> groupIds) {
        GroupMembers adapter = adapter(platform);
        if (adapter == null || groupIds.isEmpty()) return Set.of();
        try {
            return new LinkedHashSet<>(adapter.groupsOf(spaceId, userId, groupIds));
        } catch (DeliveryException | RuntimeException e) {
            log.warn("Could not read the {} groups of {} in {}: {}", platform.label(), userId, spaceId, e.getMessage());
            return Set.of();
        }
    }
}
