package org.staffroom.chat;

import org.staffroom.config.Platform;

/** An account on a platform; {@code spaceId} is the team or guild it was seen in ("" if unknown, e.g. a Discord DM). */
public record UserRef(Platform platform, String spaceId, String id) {

    public UserRef {
        spaceId = spaceId == null ? "" : spaceId;
    }

    public String key() {
        return platform.id() + ":" + spaceId + ":" + id;
    }

    public static UserRef parse(String key) {
        String[] p = key.split(":", 3);
        return new UserRef(Platform.of(p[0]), p[1], p[2]);
    }
}
