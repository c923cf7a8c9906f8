package org.staffroom.testing.discord;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Small JSON helpers over Jackson 3 (the project's JSON library), so the fake never parses with the
 * library of the client it is testing.
 */
public final class Json {

    static final JsonMapper MAPPER = JsonMapper.builder().build();

    /** Discord's timestamp shape: microseconds and an explicit {@code +00:00} offset. */
    private static final DateTimeFormatter DISCORD_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSxxx").withZone(ZoneOffset.UTC);

    private Json() {}

    /** A new empty JSON object. */
    public static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    /** A new empty JSON array. */
    public static ArrayNode array() {
        return JsonNodeFactory.instance.arrayNode();
    }

    /** Parses JSON text; returns a JSON {@code null} node for empty input. */
    public static JsonNode parse(String text) {
        if (text == null || text.isBlank()) {
            return JsonNodeFactory.instance.nullNode();
        }
        return MAPPER.readTree(text);
    }

    /** Parses JSON bytes (UTF-8). */
    public static JsonNode parse(byte[] bytes) {
        return parse(new String(bytes, StandardCharsets.UTF_8));
    }

    /** Serialises a node compactly. */
    public static String write(JsonNode node) {
        return MAPPER.writeValueAsString(node);
    }

    /** The field as text whatever its JSON type (Discord sends snowflakes as strings), or null. */
    public static String text(JsonNode node, String field) {
        if (node == null) {
            return null;
        }
        JsonNode value = node.get(field);
        if (value == null || value.isNull() || value.isMissingNode() || value.isContainer()) {
            return null;
        }
        return value.asString();
    }

    /** The field as a long (snowflakes arrive as strings), or {@code fallback}. */
    public static long longValue(JsonNode node, String field, long fallback) {
        String text = text(node, field);
        if (text == null || text.isEmpty()) {
            return fallback;
        }
        try {
            return Long.parseUnsignedLong(text);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    /** The field as an int, or {@code fallback}. */
    public static int intValue(JsonNode node, String field, int fallback) {
        String text = text(node, field);
        if (text == null || text.isEmpty()) {
            return fallback;
        }
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    /** The field as a boolean, or {@code fallback}. */
    public static boolean bool(JsonNode node, String field, boolean fallback) {
        JsonNode value = node == null ? null : node.get(field);
        if (value == null || value.isNull() || value.isMissingNode()) {
            return fallback;
        }
        return value.asBoolean(fallback);
    }

    /** The elements of an array field (empty when absent). */
    public static List<JsonNode> elements(JsonNode node, String field) {
        List<JsonNode> out = new ArrayList<>();
        JsonNode value = node == null ? null : node.get(field);
        if (value != null && value.isArray()) {
            value.forEach(out::add);
        }
        return out;
    }

    /** A deep copy of an object node. */
    public static ObjectNode copy(ObjectNode node) {
        return node.deepCopy();
    }

    /** Formats an instant the way Discord does. */
    public static String timestamp(Instant instant) {
        return DISCORD_TIME.format(instant);
    }

    /** Snowflakes travel as strings. */
    public static String id(long id) {
        return Long.toUnsignedString(id);
    }
}
