package org.staffroom.slack;

import com.slack.api.app_backend.slash_commands.response.SlashCommandResponse;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slash commands whose acknowledgement has not left yet. While a listener waits briefly for the
 * features to handle the command, the first private answer is parked here and sent as the
 * acknowledgement's body (the quickest answer Slack offers); once the acknowledgement is gone,
 * answers take the response URL.
 */
@org.springframework.stereotype.Component
@org.springframework.context.annotation.Conditional(SlackConditions.Configured.class)
final class AckSlots {

    private static final class Slot {
        SlashCommandResponse body;
        boolean closed;
    }

    private final Map<String, Slot> slots = new ConcurrentHashMap<>();

    void open(String interactionId) {
        slots.put(interactionId, new Slot());
    }

    /** True if {@code body} will ride on the acknowledgement. */
    boolean offer(String interactionId, SlashCommandResponse body) {
        Slot s = slots.get(interactionId);
        if (s == null) return false;
        synchronized (s) {
            if (s.closed || s.body != null) return false;
            s.body = body;
            return true;
        }
    }

    /** Closes the slot and returns what was parked in it, or null. */
    SlashCommandResponse close(String interactionId) {
        Slot s = slots.remove(interactionId);
        if (s == null) return null;
        synchronized (s) {
            s.closed = true;
            return s.body;
        }
    }
}
