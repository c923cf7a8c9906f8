package org.staffroom.testing.slack;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.List;
import java.util.Map;

/**
 * A snapshot of one message in the fake's channel state.
 *
 * @param channel        channel id
 * @param ts             message ts, {@code "1732531200.000100"} style
 * @param threadTs       parent ts for thread replies (and for parents that have replies), else null
 * @param user           author user id (the bot user for messages the bot posted)
 * @param botId          {@code bot_id} when the bot posted it
 * @param text           {@code text}
 * @param blocks         {@code blocks} as posted, or null
 * @param metadata       {@code metadata} {@code {event_type, event_payload}} as posted, or null
 * @param unfurlLinks    the {@code unfurl_links} the poster sent, or null when not sent
 * @param unfurlMedia    the {@code unfurl_media} the poster sent, or null when not sent
 * @param replyBroadcast whether a thread reply was also sent to the channel
 * @param edited         whether {@code chat.update} changed it
 * @param reactions      emoji name to the users who reacted, in order
 * @param files          {@code files} for file shares, or null
 */
public record StoredMessage(
        String channel,
        String ts,
        String threadTs,
        String user,
        String botId,
        String text,
        JsonArray blocks,
        JsonObject metadata,
        Boolean unfurlLinks,
        Boolean unfurlMedia,
        boolean replyBroadcast,
        boolean edited,
        Map<String, List<String>> reactions,
        JsonArray files) {

    /** True for a reply inside a thread (not the parent). */
    public boolean isThreadReply() {
        return threadTs != null && !threadTs.equals(ts);
    }

    public String metadataEventType() {
        return metadata == null ? null : Json.str(metadata, "event_type");
    }

    public JsonObject metadataPayload() {
        return metadata == null || !metadata.has("event_payload") ? null : metadata.getAsJsonObject("event_payload");
    }

    public List<String> reactionUsers(String name) {
        return reactions.getOrDefault(name, List.of());
    }
}
