package org.staffroom.testing.discord;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * One REST request that reached the fake, with the answer it got.
 *
 * @param sequence    arrival order, from 1
 * @param method      HTTP method
 * @param path        path below the API base, e.g. {@code channels/123/messages} (percent-decoded)
 * @param route       the matched route template, e.g. {@code channels/{channel_id}/messages}, or the path
 *                    itself when no route matched
 * @param query       query parameters (first value of each)
 * @param headers     request headers, names lower-cased
 * @param body        the JSON body ({@code payload_json} for multipart uploads), or a JSON null
 * @param files       file names uploaded with a multipart request
 * @param status      the status the fake answered (0 if it dropped the connection instead)
 * @param receivedAt  wall-clock arrival time
 * @param nanoTime    {@link System#nanoTime()} at arrival, for measuring gaps between calls
 */
public record RecordedCall(
        long sequence,
        String method,
        String path,
        String route,
        Map<String, String> query,
        Map<String, String> headers,
        JsonNode body,
        List<String> files,
        int status,
        Instant receivedAt,
        long nanoTime) {

    /** A request header (case-insensitive), or null. */
    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    /** A top-level body field as text, or null. */
    public String bodyText(String field) {
        return Json.text(body, field);
    }

    /** The {@code nonce} the client sent, or null. */
    public String nonce() {
        return bodyText("nonce");
    }

    /** Whether the path matches a pattern; see {@link FakeDiscord#calls(String, String)}. */
    public boolean matches(String httpMethod, String pattern) {
        return (httpMethod == null || httpMethod.equalsIgnoreCase(method))
                && (RoutePattern.matches(pattern, path) || route.equals(pattern));
    }

    @Override
    public String toString() {
        return "#" + sequence + " " + method + " " + path + " -> " + status;
    }
}
