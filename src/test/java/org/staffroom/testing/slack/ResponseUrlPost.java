package org.staffroom.testing.slack;

import com.google.gson.JsonObject;
import java.time.Instant;

/**
 * A JSON body a bot POSTed to a {@code response_url} the fake handed out.
 *
 * @param id         the id in {@code /respond/<id>}
 * @param body       the parsed JSON ({@code text}, {@code blocks}, {@code response_type}, {@code replace_original}…)
 * @param status     what the fake answered (404 for an unknown or used-up URL)
 * @param receivedAt arrival time
 */
public record ResponseUrlPost(String id, JsonObject body, int status, Instant receivedAt) {

    public String text() {
        return Json.str(body, "text");
    }
}
