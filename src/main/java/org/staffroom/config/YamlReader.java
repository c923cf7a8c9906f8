package org.staffroom.config;

import java.io.Reader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** Reads YAML into {@link YamlNode}s with positions, using Jackson's YAML token stream. */
final class YamlReader {

    private static final YAMLMapper MAPPER = YAMLMapper.builder().build();

    private YamlReader() {}

    /** Parses one file; a syntax error becomes a problem and the result is null. */
    static YamlNode read(String fileName, Reader reader, List<ConfigProblem> problems) {
        try (JsonParser parser = MAPPER.createParser(reader)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                return new YamlNode.Null(new Location(fileName, 1, 1));
            }
            return node(fileName, parser, problems);
        } catch (JacksonException e) {
            TokenStreamLocation at = e.getLocation();
            int line = at == null ? 1 : Math.max(1, at.getLineNr());
            int col = at == null ? 1 : Math.max(1, at.getColumnNr());
            problems.add(new ConfigProblem(
                    new Location(fileName, line, col),
                    "not valid YAML: " + friendly(firstLine(e.getOriginalMessage()))));
            return null;
        }
    }

    /**
     * The YAML parser's message ("while parsing a flow mapping") in words an admin editing the file
     * can act on; the parser's own words follow in brackets for anything not recognised.
     */
    static String friendly(String parser) {
        String m = parser == null ? "" : parser.toLowerCase(java.util.Locale.ROOT);
        if (m.contains("flow mapping")) {
            return "a { … } here is not closed properly. Check its commas and the closing }, and put quotes around text"
                    + " that contains a colon, comma or #";
        }
        if (m.contains("flow sequence")) {
            return "a [ … ] list here is not closed properly. Check its commas and the closing ], and put quotes around text"
                    + " that contains a colon, comma or #";
        }
        if (m.contains("mapping values are not allowed")) {
            return "a ': ' where YAML does not expect one. Put quotes around text that contains a colon";
        }
        if (m.contains("'\\t'")) return "a tab is used to indent. YAML needs spaces";
        if (m.contains("block mapping") || m.contains("block collection") || m.contains("expected <block end>")) {
            return "the indentation does not line up with the lines above. Indent with spaces, two per level";
        }
        if (m.contains("quoted scalar")) return "a quoted text is not closed. Add the closing quote";
        return "(" + parser + ")";
    }

    private static YamlNode node(String file, JsonParser p, List<ConfigProblem> problems) {
        Location at = location(file, p.currentTokenLocation());
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT: {
                Map<YamlNode.Key, YamlNode> entries = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                    YamlNode.Key key = new YamlNode.Key(p.currentName(), location(file, p.currentTokenLocation()));
                    p.nextToken();
                    YamlNode value = node(file, p, problems);
                    boolean duplicate =
                            entries.keySet().stream().anyMatch(k -> k.name().equals(key.name()));
                    if (duplicate) {
                        problems.add(new ConfigProblem(key.location(), "key '" + key.name() + "' appears twice"));
                    } else {
                        entries.put(key, value);
                    }
                }
                return new YamlNode.Mapping(at, entries);
            }
            case START_ARRAY: {
                List<YamlNode> items = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    items.add(node(file, p, problems));
                }
                return new YamlNode.Sequence(at, items);
            }
            case VALUE_NULL:
                return new YamlNode.Null(at);
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return new YamlNode.Scalar(at, p.getString(), true, false);
            case VALUE_TRUE:
            case VALUE_FALSE:
                return new YamlNode.Scalar(at, p.getString(), false, true);
            default:
                return new YamlNode.Scalar(at, p.getString(), false, false);
        }
    }

    private static Location location(String file, TokenStreamLocation loc) {
        return new Location(file, Math.max(1, loc.getLineNr()), Math.max(1, loc.getColumnNr()));
    }

    private static String firstLine(String message) {
        if (message == null) return "syntax error";
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
