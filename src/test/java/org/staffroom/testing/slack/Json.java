package org.staffroom.testing.slack;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.util.Collection;
import java.util.Map;

/** Small Gson helpers; Gson is what the Slack SDK itself uses, so shapes and escaping match. */
final class Json {

    /** HTML escaping off: Slack sends {@code <} and {@code &} literally inside JSON strings. */
    static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

    private Json() {}

    /** Builds an object from key/value pairs; null values are left out, as Slack omits absent fields. */
    static JsonObject obj(Object... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("keys and values must come in pairs");
        }
        JsonObject o = new JsonObject();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            Object v = keysAndValues[i + 1];
            if (v != null) {
                o.add((String) keysAndValues[i], toElement(v));
            }
        }
        return o;
    }

    static JsonArray arr(Object... values) {
        JsonArray a = new JsonArray();
        for (Object v : values) {
            a.add(toElement(v));
        }
        return a;
    }

    static JsonElement toElement(Object v) {
        if (v == null) {
            return JsonNull.INSTANCE;
        }
        if (v instanceof JsonElement) {
            return (JsonElement) v;
        }
        if (v instanceof String) {
            return new JsonPrimitive((String) v);
        }
        if (v instanceof Number) {
            return new JsonPrimitive((Number) v);
        }
        if (v instanceof Boolean) {
            return new JsonPrimitive((Boolean) v);
        }
        if (v instanceof Collection) {
            JsonArray a = new JsonArray();
            for (Object each : (Collection<?>) v) {
                a.add(toElement(each));
            }
            return a;
        }
        if (v instanceof Map) {
            JsonObject o = new JsonObject();
            for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
                o.add(String.valueOf(e.getKey()), toElement(e.getValue()));
            }
            return o;
        }
        return GSON.toJsonTree(v);
    }

    static JsonElement parse(String json) {
        return JsonParser.parseString(json);
    }

    static JsonObject parseObject(String json) {
        return JsonParser.parseString(json).getAsJsonObject();
    }

    /** Parses a form field that carries JSON (blocks, view, metadata); null when absent or blank. */
    static JsonElement parseOrNull(String json) {
        if (json == null || json.isBlank()) {
            return null;
        }
        return JsonParser.parseString(json);
    }

    static String str(JsonObject o, String key) {
        JsonElement e = o == null ? null : o.get(key);
        return e == null || e.isJsonNull() ? null : e.getAsString();
    }

    @SuppressWarnings("unchecked")
    static <T extends JsonElement> T copy(T e) {
        return e == null ? null : (T) e.deepCopy();
    }

    static String toJson(JsonElement e) {
        return GSON.toJson(e);
    }
}
