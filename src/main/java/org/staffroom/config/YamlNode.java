package org.staffroom.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML document kept with the position of every key and value, so that validation can point
 * at the exact line and column of a problem (Jackson's tree model forgets positions).
 */
public sealed interface YamlNode {

    Location location();

    /** What a person would call this kind of node, for messages like "expected a list". */
    String kind();

    record Scalar(Location location, String text, boolean number, boolean bool) implements YamlNode {
        public String kind() {
            return "a value";
        }
    }

    record Null(Location location) implements YamlNode {
        public String kind() {
            return "nothing";
        }
    }

    record Sequence(Location location, List<YamlNode> items) implements YamlNode {
        public String kind() {
            return "a list";
        }
    }

    /** A key of a mapping with its own position (unknown-key errors point at the key). */
    record Key(String name, Location location) {}

    record Mapping(Location location, Map<Key, YamlNode> entries) implements YamlNode {
        public String kind() {
            return "a set of keys";
        }

        public YamlNode get(String name) {
            for (Map.Entry<Key, YamlNode> e : entries.entrySet()) {
                if (e.getKey().name().equals(name)) return e.getValue();
            }
            return null;
        }

        public Key key(String name) {
            for (Key k : entries.keySet()) {
                if (k.name().equals(name)) return k;
            }
            return null;
        }

        static Mapping empty(Location location) {
            return new Mapping(location, new LinkedHashMap<>());
        }
    }
}
