package org.staffroom.chat;

import java.util.Set;

/**
 * Who did something: the account, the name the platform shows for it, and the platform groups
 * it belongs to (Discord role ids, Slack user group ids) that bot-config may map to roles.
 */
public record Actor(UserRef user, String displayName, Set<String> groups) {

    public Actor {
        groups = groups == null ? Set.of() : Set.copyOf(groups);
        displayName = displayName == null || displayName.isBlank() ? user.id() : displayName;
    }

    public static Actor of(UserRef user, String displayName) {
        return new Actor(user, displayName, Set.of());
    }
}
