package org.staffroom.slack;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.slack.api.bolt.App;
import com.slack.api.bolt.response.Response;
import com.slack.api.bolt.socket_mode.request.SocketModeRequest;
import com.slack.api.bolt.socket_mode.request.SocketModeRequestParser;
import com.slack.api.socket_mode.SocketModeClient;
import com.slack.api.socket_mode.response.AckResponse;
import com.slack.api.util.json.GsonFactory;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.staffroom.chat.spi.DeliveryException;

/**
 * Runs the Bolt app on each Socket Mode envelope, in place of Bolt's own runner in
 * {@code SocketModeApp}, which leaves some envelopes unacknowledged so that Slack sends them again
 * and again: one of an unknown type (Bolt drops it), one whose payload is not an object (Bolt
 * throws "Not a JSON Object" outside its error handler), an {@code app_rate_limited} notice or a
 * {@code block_actions} without a user (Bolt's request parser gives nothing or throws), and any
 * request Bolt answers with a status other than 200. Such an envelope is acknowledged first and
 * then logged once at WARN with its type (never its payload, which holds what people wrote, and
 * no stack trace). A well-formed one is acknowledged after its listener has recorded it, as Bolt
 * does; only a failure to record it (the database or Slack unreachable) leaves it unacknowledged,
 * so that Slack delivers it again.
 */
final class SlackEnvelopes {

    private static final Logger log = LoggerFactory.getLogger(SlackEnvelopes.class);
    private static final Set<String> BOLT_TYPES = Set.of("events_api", "interactive", "slash_commands");
    /** Interactive payloads Bolt reads a user from (it throws when there is none). */
    private static final Set<String> WITH_USER = Set.of(
            "block_actions",
            "view_submission",
            "view_closed",
            "message_action",
            "shortcut",
            "block_suggestion",
            "interactive_message",
            "dialog_submission",
            "dialog_cancellation",
            "dialog_suggestion");

    private final App app;
    private final SocketModeRequestParser parser;
    private final Gson gson;

    SlackEnvelopes(App app) {
        this.app = app;
        this.parser = new SocketModeRequestParser(app.config());
        this.gson = GsonFactory.createSnakeCase(app.slack().getConfig());
    }

    /** Handles one frame from the socket (on a worker thread: Bolt's listeners may take a moment). */
    void handle(String frame, SocketModeClient client) {
        JsonObject envelope = object(frame);
        if (envelope == null) {
            log.warn("Slack sent a Socket Mode frame that is not a JSON object; ignored");
            return;
        }
        String id = string(envelope, "envelope_id");
        String type = string(envelope, "type");
        if (id == null) return; // hello, disconnect: the client's own business
        String problem = problem(type, envelope.get("payload"));
        if (problem != null) {
            ack(client, id);
            log.warn("Slack {} envelope acknowledged and skipped: {}", type, problem);
            return;
        }
        SocketModeRequest request;
        try {
            request = parser.parse(frame);
        } catch (RuntimeException e) {
            request = null;
        }
        if (request == null || request.getBoltRequest() == null) {
            ack(client, id);
            log.warn("Slack {} envelope acknowledged and skipped: Bolt cannot read its payload", type);
            return;
        }
        Response response;
        try {
            response = app.run(request.getBoltRequest());
        } catch (Exception e) {
            if (retryable(e)) {
                log.error(
                        "A Slack {} envelope could not be recorded and was not acknowledged (Slack will send it again): {}",
                        type,
                        e.toString());
                return;
            }
            ack(client, id);
            log.warn("Slack {} envelope acknowledged; handling it failed: {}", type, e.toString());
            return;
        }
        if (response == null || response.getStatusCode() != 200) {
            ack(client, id);
            log.warn(
                    "Slack {} envelope acknowledged; nothing handles it (status {})",
                    type,
                    response == null ? "none" : response.getStatusCode());
            return;
        }
        respond(client, id, response);
    }

    /** Why Bolt cannot take this envelope, or null if it can. */
    static String problem(String type, JsonElement payload) {
        if (type == null || !BOLT_TYPES.contains(type)) return "an envelope type Staffroom does not know";
        if (payload == null || !payload.isJsonObject()) return "its payload is not an object";
        JsonObject p = payload.getAsJsonObject();
        switch (type) {
            case "events_api" -> {
                String kind = string(p, "type");
                if ("app_rate_limited".equals(kind)) {
                    return "Slack rate-limited the app's events (minute " + string(p, "minute_rate_limited")
                            + "); events of that minute are not sent";
                }
                if (!"event_callback".equals(kind)) return "an Events API payload of type " + kind;
                JsonElement event = p.get("event");
                if (event == null || !event.isJsonObject() || string(event.getAsJsonObject(), "type") == null) {
                    return "an event callback without an event";
                }
            }
            case "interactive" -> {
                String kind = string(p, "type");
                if (kind == null) return "an interaction without a type";
                JsonElement user = p.get("user");
                if (WITH_USER.contains(kind)
                        && (user == null || !user.isJsonObject() || string(user.getAsJsonObject(), "id") == null)) {
                    return "a " + kind + " payload without a user";
                }
                if ("view_submission".equals(kind) || "view_closed".equals(kind)) {
                    JsonElement view = p.get("view");
                    if (view == null || !view.isJsonObject()) return "a " + kind + " payload without a view";
                }
            }
            default -> {
                if (string(p, "command") == null) return "a slash command without a command";
            }
        }
        return null;
    }

    /** Recording failed for want of the database or of Slack itself: worth Slack's redelivery. */
    private static boolean retryable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof DataAccessException
                    || t instanceof DeliveryException
                    || t instanceof java.sql.SQLException) return true;
        }
        return false;
    }

    private static void ack(SocketModeClient client, String envelopeId) {
        try {
            client.sendSocketModeResponse(new AckResponse(envelopeId));
        } catch (RuntimeException e) {
            log.debug("Could not acknowledge a Slack envelope: {}", e.toString());
        }
    }

    /** As Bolt's runner: the listener's body (an answer to a command, a form's errors) rides on the ack. */
    private void respond(SocketModeClient client, String envelopeId, Response response) {
        if (response.getBody() == null) {
            ack(client, envelopeId);
            return;
        }
        Map<String, Object> ack = new HashMap<>();
        ack.put("envelope_id", envelopeId);
        if (response.getContentType() != null && response.getContentType().startsWith("application/json")) {
            ack.put("payload", gson.fromJson(response.getBody(), JsonElement.class));
        } else {
            ack.put("payload", Map.of("text", response.getBody()));
        }
        try {
            client.sendSocketModeResponse(gson.toJson(ack));
        } catch (RuntimeException e) {
            log.debug("Could not acknowledge a Slack envelope: {}", e.toString());
        }
    }

    private static JsonObject object(String frame) {
        try {
            JsonElement e = JsonParser.parseString(frame);
            return e.isJsonObject() ? e.getAsJsonObject() : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String string(JsonObject o, String key) {
        JsonElement e = o.get(key);
        return e != null && e.isJsonPrimitive() ? e.getAsString() : null;
    }
}
