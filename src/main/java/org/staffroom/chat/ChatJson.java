package org.staffroom.chat;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Staffroom's one JSON configuration, for what it stores and hashes itself: events and messages in the
 * inbox and delivery tables, sandbox posts, draft findings, Discord's command set. Unknown properties are
 * ignored, so a row written by a newer release still reads after a rollback. (Spring MVC's own mapper
 * serves the web endpoints; YAML has its own in {@code config}.)
 */
public final class ChatJson {

    static final JsonMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private ChatJson() {}

    /** The mapper itself, for callers that need Jackson's own API (trees, streaming). */
    public static JsonMapper mapper() {
        return MAPPER;
    }

    public static String write(Object value) {
        return MAPPER.writeValueAsString(value);
    }

    public static <T> T read(String json, Class<T> type) {
        return MAPPER.readValue(json, type);
    }

    public static <T> T read(String json, TypeReference<T> type) {
        return MAPPER.readValue(json, type);
    }

    public static JsonNode tree(String json) {
        return MAPPER.readTree(json);
    }
}
