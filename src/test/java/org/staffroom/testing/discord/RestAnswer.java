package org.staffroom.testing.discord;

import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** What the fake REST API answers: a status, an optional JSON body and extra headers. */
record RestAnswer(int status, JsonNode body, Map<String, String> headers) {

    static RestAnswer json(int status, JsonNode body) {
        return new RestAnswer(status, body, new LinkedHashMap<>());
    }

    static RestAnswer ok(JsonNode body) {
        return json(200, body);
    }

    static RestAnswer noContent() {
        return new RestAnswer(204, null, new LinkedHashMap<>());
    }

    /** Discord's error shape: {@code {"message": "...", "code": n}}. */
    static RestAnswer error(int status, int code, String message) {
        ObjectNode body = Json.object();
        body.put("message", message);
        body.put("code", code);
        return json(status, body);
    }

    RestAnswer withHeader(String name, String value) {
        headers.put(name, value);
        return this;
    }
}
