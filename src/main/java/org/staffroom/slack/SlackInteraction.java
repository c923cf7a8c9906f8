package org.staffroom.slack;

import com.google.gson.Gson;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * What an answer to an interaction needs, carried in {@code InteractionRef.token}: the workspace,
 * channel and person, the response URL (30 minutes, 5 uses) and the trigger id (3 seconds, for a
 * modal). {@code kind} says whether the acknowledgement itself can carry the answer.
 */
record SlackInteraction(Kind kind, String team, String channel, String user, String responseUrl, String triggerId) {

    enum Kind {
        COMMAND,
        BUTTON,
        FORM,
        SHORTCUT
    }

    private static final Gson GSON = new Gson();

    String encode() {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(GSON.toJson(this).getBytes(StandardCharsets.UTF_8));
    }

    static SlackInteraction decode(String token) {
        return GSON.fromJson(
                new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8), SlackInteraction.class);
    }

    /** Keeps the response URL (a bearer of sorts) out of logs. */
    @Override
    public String toString() {
        return "SlackInteraction[" + kind + ", team=" + team + ", channel=" + channel + ", user=" + user + "]";
    }
}
