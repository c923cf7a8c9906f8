package org.staffroom.chat;

import java.time.Instant;
import org.staffroom.config.Platform;

/** One row of the delivery table. */
record DeliveryRow(
        long id,
        String key,
        Kind kind,
        Platform platform,
        String spaceId,
        String channelId,
        String threadId,
        String threadOfKey,
        String targetKey,
        String directUserId,
        String payload,
        Delivery.State state,
        int attempts,
        Instant notBefore,
        Instant claimedAt,
        String messageId,
        String sentChannelId,
        String error,
        Instant createdAt) {

    enum Kind {
        POST,
        EDIT,
        DELETE,
        REACT
    }

    /** Posts to one channel (or one person's DMs) go out one at a time, in order. */
    String lane() {
        return lane(platform, spaceId, channelId, directUserId, targetKey);
    }

    /** The lane as stored in {@code delivery.lane} (V19 fills it in for older rows the same way). */
    static String lane(Platform platform, String spaceId, String channelId, String directUserId, String targetKey) {
        if (channelId != null) return platform + ":" + spaceId + ":" + channelId;
        if (directUserId != null) return platform + ":dm:" + directUserId;
        return platform + ":target:" + targetKey;
    }

    ChannelRef channel() {
        return channelId == null ? null : new ChannelRef(platform, spaceId, channelId);
    }

    MessageRef sentMessage() {
        if (messageId == null) return null;
        String channel = sentChannelId != null ? sentChannelId : channelId;
        return new MessageRef(new ChannelRef(platform, spaceId, channel), messageId, threadId);
    }

    Delivery toDelivery() {
        return new Delivery(key, state, state == Delivery.State.SENT ? sentMessage() : null, error);
    }
}
