package org.staffroom.chat.spi;

import java.util.List;
import java.util.Set;
import org.staffroom.config.Platform;

/**
 * Lists who is in a platform group (a Slack user group, a Discord role) as the platform has it now,
 * so people.yml can give a role to a group and its members are reached like named people (review
 * cards by DM, reminders). Implemented by the adapters that have groups; a platform without one
 * simply has no group members.
 */
public interface GroupMembers {

    Platform platform();

    /**
     * The members of {@code groupId} in the space {@code spaceId} (Slack team id, Discord guild id),
     * with the name the platform shows. Fails when the platform cannot say right now.
     */
    List<Member> members(String spaceId, String groupId) throws DeliveryException;

    /**
     * Which of {@code groupIds} (groups of {@code spaceId}) {@code userId} is in now, for events that
     * do not carry the person's groups (a Discord DM has no guild, so no roles).
     */
    default Set<String> groupsOf(String spaceId, String userId, Set<String> groupIds) throws DeliveryException {
        Set<String> out = new java.util.LinkedHashSet<>();
        for (String g : groupIds) {
            if (members(spaceId, g).stream().anyMatch(m -> m.userId().equals(userId))) out.add(g);
        }
        return out;
    }

    /** A member of a group: the platform's user id and display name. */
    record Member(String userId, String displayName) {}
}
