package org.staffroom.chat;

import org.staffroom.config.Platform;

/**
 * A channel on a platform: {@code spaceId} is the Slack team id or Discord guild id (empty for a
 * Discord direct-message channel), {@code id} the channel id. A Discord thread is not a channel
 * here: messages in it are addressed by their parent channel and the thread's root message.
 */
public record ChannelRef(Platform platform, String spaceId, String id) {

    public ChannelRef {
        spaceId = spaceId == null ? "" : spaceId;
    }

    /** A stable text form for storage and logs, e.g. {@code slack:T01:C02}. */
    public String key() {
        return platform.id() + ":" + spaceId + ":" + id;
    }

    public static ChannelRef parse(String key) {
        String[] p = key.split(":", 3);
        return new ChannelRef(Platform.of(p[0]), p[1], p[2]);
    }
}
