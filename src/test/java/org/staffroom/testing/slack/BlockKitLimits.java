package org.staffroom.testing.slack;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/**
 * The Block Kit limits Slack enforces on a message's {@code blocks}, and its text limit: what Slack
 * refuses with {@code invalid_blocks} (https://api.slack.com/reference/block-kit/blocks and
 * .../block-elements) or {@code msg_too_long}, the fake refuses too, so a renderer that overflows
 * one fails a test instead of a real post.
 */
final class BlockKitLimits {

    static final int MESSAGE_BLOCKS = 50;
    static final int TEXT = 40_000;

    private BlockKitLimits() {}

    /** {@code text} of chat.postMessage / chat.update / chat.postEphemeral. */
    static void checkText(String text) {
        if (text != null && text.length() > TEXT) {
            throw new SlackError("msg_too_long");
        }
    }

    static void checkMessageBlocks(JsonArray blocks) {
        if (blocks.size() > MESSAGE_BLOCKS) {
            throw new SlackError("invalid_blocks");
        }
        for (JsonElement e : blocks) {
            if (!e.isJsonObject()) {
                throw new SlackError("invalid_blocks");
            }
            block(e.getAsJsonObject());
        }
    }

    private static void block(JsonObject b) {
        String type = Json.str(b, "type");
        if (type == null) {
            throw new SlackError("invalid_blocks");
        }
        max(Json.str(b, "block_id"), 255);
        switch (type) {
            case "section" -> {
                text(b.get("text"), 3000);
                JsonElement fields = b.get("fields");
                if (fields != null) {
                    if (!fields.isJsonArray() || fields.getAsJsonArray().size() > 10) {
                        throw new SlackError("invalid_blocks");
                    }
                    for (JsonElement f : fields.getAsJsonArray()) {
                        text(f, 2000);
                    }
                }
                if (b.get("text") == null && fields == null) {
                    throw new SlackError("invalid_blocks");
                }
                if (b.get("accessory") != null && b.get("accessory").isJsonObject()) {
                    element(b.getAsJsonObject("accessory"));
                }
            }
            case "header" -> text(b.get("text"), 150);
            case "context" -> {
                JsonArray elements = array(b, "elements", 10);
                for (JsonElement e : elements) {
                    JsonObject o = e.getAsJsonObject();
                    if ("image".equals(Json.str(o, "type"))) {
                        max(Json.str(o, "alt_text"), 2000);
                    } else {
                        text(o, 3000);
                    }
                }
            }
            case "actions" -> {
                for (JsonElement e : array(b, "elements", 25)) {
                    element(e.getAsJsonObject());
                }
            }
            case "image" -> {
                max(Json.str(b, "image_url"), 3000);
                if (Json.str(b, "alt_text") == null) {
                    throw new SlackError("invalid_blocks");
                }
                max(Json.str(b, "alt_text"), 2000);
                if (b.get("title") != null) {
                    text(b.get("title"), 2000);
                }
            }
            default -> {
                // divider, rich_text, input, file, video: not checked further here
            }
        }
    }

    private static void element(JsonObject e) {
        max(Json.str(e, "action_id"), 255);
        if ("button".equals(Json.str(e, "type"))) {
            text(e.get("text"), 75);
            max(Json.str(e, "value"), 2000);
            max(Json.str(e, "url"), 3000);
        }
    }

    private static JsonArray array(JsonObject b, String key, int max) {
        JsonElement a = b.get(key);
        if (a == null
                || !a.isJsonArray()
                || a.getAsJsonArray().isEmpty()
                || a.getAsJsonArray().size() > max) {
            throw new SlackError("invalid_blocks");
        }
        for (JsonElement e : a.getAsJsonArray()) {
            if (!e.isJsonObject()) {
                throw new SlackError("invalid_blocks");
            }
        }
        return a.getAsJsonArray();
    }

    /** A text object: {@code {"type": "mrkdwn"|"plain_text", "text": "…"}}, at least one and at most {@code max} characters. */
    private static void text(JsonElement t, int max) {
        if (t == null) {
            return;
        }
        if (!t.isJsonObject()) {
            throw new SlackError("invalid_blocks");
        }
        String s = Json.str(t.getAsJsonObject(), "text");
        if (s == null || s.isEmpty() || s.length() > max) {
            throw new SlackError("invalid_blocks");
        }
    }

    private static void max(String s, int max) {
        if (s != null && s.length() > max) {
            throw new SlackError("invalid_blocks");
        }
    }
}
