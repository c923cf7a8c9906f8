package org.staffroom.config;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads the keys of one YAML mapping into Java values, reporting every missing, unknown or
 * malformed key as a {@link ConfigProblem} and returning a harmless default so that reading
 * goes on and all problems are found in one pass.
 */
final class Fields {

    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]*");
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(m|min|h|d)");
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm");

    private final YamlNode.Mapping map;
    private final Problems problems;
    private final String what;
    private final boolean valid;

    private Fields(YamlNode.Mapping map, Problems problems, String what, boolean valid) {
        this.map = map;
        this.problems = problems;
        this.what = what;
        this.valid = valid;
    }

    /** Wraps a node that should be a mapping; if it is not, reports that once and reads nothing. */
    static Fields of(YamlNode node, Problems problems, String what) {
        if (node instanceof YamlNode.Mapping m) {
            return new Fields(m, problems, what, true);
        }
        problems.add(node.location(), what + " should be a set of keys, found " + node.kind());
        return new Fields(YamlNode.Mapping.empty(node.location()), problems, what, false);
    }

    Location location() {
        return map.location();
    }

    /** Reports each key that is not one of {@code allowed}, with a suggestion when close. */
    Fields allow(String... allowed) {
        List<String> names = Arrays.asList(allowed);
        for (YamlNode.Key key : map.entries().keySet()) {
            if (!names.contains(key.name())) {
                String close = closest(key.name(), names);
                problems.add(
                        key.location(),
                        "unknown key '" + key.name() + "' in " + what
                                + (close != null
                                        ? " (did you mean '" + close + "'?)"
                                        : " (expected one of: " + String.join(", ", names) + ")"));
            }
        }
        return this;
    }

    boolean has(String key) {
        YamlNode n = map.get(key);
        return n != null && !(n instanceof YamlNode.Null);
    }

    YamlNode node(String key) {
        return map.get(key);
    }

    Location at(String key) {
        YamlNode n = map.get(key);
        return n != null ? n.location() : map.location();
    }

    /** A required piece of text. */
    String string(String key) {
        YamlNode n = map.get(key);
        if (n == null || n instanceof YamlNode.Null) {
            missing(key);
            return "";
        }
        return scalar(key, n);
    }

    String string(String key, String fallback) {
        YamlNode n = map.get(key);
        if (n == null || n instanceof YamlNode.Null) return fallback;
        return scalar(key, n);
    }

    /** A required identifier: lower case letters, digits and dashes. */
    String id(String key) {
        String s = string(key);
        if (!s.isEmpty() && !ID.matcher(s).matches()) {
            problems.add(at(key), "'" + s + "' is not a valid id: use lower case letters, digits and '-'");
        }
        return s;
    }

    int integer(String key, int fallback, int min, int max) {
        YamlNode n = map.get(key);
        if (n == null || n instanceof YamlNode.Null) return fallback;
        String s = scalar(key, n);
        try {
            int v = Integer.parseInt(s.trim());
            if (v < min || v > max) {
                problems.add(n.location(), "'" + key + "' must be between " + min + " and " + max + ", found " + v);
                return fallback;
            }
            return v;
        } catch (NumberFormatException e) {
            problems.add(n.location(), "'" + key + "' must be a whole number, found '" + s + "'");
            return fallback;
        }
    }

    boolean bool(String key, boolean fallback) {
        YamlNode n = map.get(key);
        if (n == null || n instanceof YamlNode.Null) return fallback;
        String s = scalar(key, n).trim().toLowerCase(Locale.ROOT);
        if (s.equals("true") || s.equals("yes")) return true;
        if (s.equals("false") || s.equals("no")) return false;
        problems.add(n.location(), "'" + key + "' must be true or false, found '" + s + "'");
        return fallback;
    }

    <E extends Enum<E>> E enumValue(String key, Class<E> type, E fallback) {
        YamlNode n = map.get(key);
        if (n == null || n instanceof YamlNode.Null) {
            if (fallback == null) missing(key);
            return fallback;
        }
        return parseEnum(scalar(key, n), n.location(), key, type, fallback);
    }

    <E extends Enum<E>> E parseEnum(String text, Location loc, String key, Class<E> type, E fallback) {
        for (E e : type.getEnumConstants()) {
            if (e.name().replace('_', '-').equalsIgnoreCase(text.trim())) return e;
        }
        String expected = Arrays.stream(type.getEnumConstants())
                .map(e -> e.name().toLowerCase(Locale.ROOT).replace('_', '-'))
                .collect(Collectors.joining(", "));
        problems.add(loc, "'" + text + "' is not a valid " + key + " (expected one of: " + expected + ")");
        return fallback;
    }

    ZoneId zone(String key, ZoneId fallback) {
        YamlNode n = map.get(key);
        if (n == null || n instanceof YamlNode.Null) {
            if (fallback == null) missing(key);
            return fallback == null ? ZoneId.of("UTC") : fallback;
        }
        String s = scalar(key, n).trim();
        try {
            if (!s.contains("/") && !s.equals("UTC")) throw new DateTimeException("not a region");
            return ZoneId.of(s);
        } catch (DateTimeException e) {
            problems.add(n.location(), "'" + s + "' is not a time zone: use a name like Europe/London");
            return fallback == null ? ZoneId.of("UTC") : fallback;
        }
    }

    LocalTime time(String key, LocalTime fallback) {
        YamlNode n = map.get(key);
        if (n == null || n instanceof YamlNode.Null) {
            if (fallback == null) missing(key);
            return fallback == null ? LocalTime.NOON : fallback;
        }
        String s = scalar(key, n).trim();
        try {
            if (!s.matches("\\d{1,2}:\\d{2}")) throw new DateTimeParseException("shape", s, 0);
            return LocalTime.parse(s.length() == 4 ? "0" + s : s);
        } catch (DateTimeParseException e) {
            problems.add(n.location(), "'" + s + "' is not a time of day: use HH:MM, e.g. \"08:15\"");
            return fallback == null ? LocalTime.NOON : fallback;
        }
    }

    LocalDate date(String key) {
        YamlNode n = map.get(key);
        if (n == null || n instanceof YamlNode.Null) {
            missing(key);
            return LocalDate.EPOCH;
        }
        return parseDate(scalar(key, n), n.location());
    }

    LocalDate optionalDate(String key) {
        return has(key) ? date(key) : null;
    }

    LocalDate parseDate(String s, Location loc) {
        try {
            return LocalDate.parse(s.trim());
        } catch (DateTimeParseException e) {
            problems.add(loc, "'" + s + "' is not a date: use YYYY-MM-DD");
            return LocalDate.EPOCH;
        }
    }

    LocalDateTime dateTime(String key) {
        String s = string(key).trim();
        if (s.isEmpty()) return LocalDateTime.of(LocalDate.EPOCH, LocalTime.MIDNIGHT);
        try {
            return LocalDateTime.parse(s, DATE_TIME);
        } catch (DateTimeParseException e) {
            problems.add(at(key), "'" + s + "' is not a date and time: use \"YYYY-MM-DD HH:MM\"");
            return LocalDateTime.of(LocalDate.EPOCH, LocalTime.MIDNIGHT);
        }
    }

    Duration duration(String key, Duration fallback) {
        YamlNode n = map.get(key);
        if (n == null || n instanceof YamlNode.Null) return fallback;
        String s = scalar(key, n).trim().toLowerCase(Locale.ROOT);
        Matcher m = DURATION.matcher(s);
        if (!m.matches()) {
            problems.add(n.location(), "'" + s + "' is not a duration: use minutes, hours or days like 30m, 4h, 2d");
            return fallback;
        }
        long v = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "m", "min" -> Duration.ofMinutes(v);
            case "h" -> Duration.ofHours(v);
            default -> Duration.ofDays(v);
        };
    }

    /** An optional list; a single value where a list is expected is reported. */
    List<YamlNode> list(String key) {
        YamlNode n = map.get(key);
        if (n == null || n instanceof YamlNode.Null) return List.of();
        if (n instanceof YamlNode.Sequence s) return s.items();
        problems.add(n.location(), "'" + key + "' should be a list, found " + n.kind());
        return List.of();
    }

    /** An optional list of text values, each kept with its position for reference checks. */
    List<Located> strings(String key) {
        List<Located> out = new ArrayList<>();
        for (YamlNode item : list(key)) {
            if (item instanceof YamlNode.Scalar sc) {
                out.add(new Located(sc.text(), sc.location()));
            } else {
                problems.add(
                        item.location(), "each entry of '" + key + "' should be a single value, found " + item.kind());
            }
        }
        return out;
    }

    Map<YamlNode.Key, YamlNode> entries() {
        return map.entries();
    }

    Fields child(String key, String childWhat) {
        YamlNode n = map.get(key);
        if (n == null || n instanceof YamlNode.Null) {
            return new Fields(YamlNode.Mapping.empty(at(key)), problems, childWhat, true);
        }
        return of(n, problems, childWhat);
    }

    void missing(String key) {
        if (valid) problems.add(map.location(), what + " is missing '" + key + "'");
    }

    void problem(Location at, String message) {
        problems.add(at, message);
    }

    private String scalar(String key, YamlNode n) {
        if (n instanceof YamlNode.Scalar s) return s.text();
        problems.add(n.location(), "'" + key + "' should be a single value, found " + n.kind());
        return "";
    }

    /** A value and where it was written. */
    record Located(String value, Location location) {}

    static String closest(String word, List<String> candidates) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String c : candidates) {
            int d = distance(word.toLowerCase(Locale.ROOT), c.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                bestDistance = d;
                best = c;
            }
        }
        return bestDistance <= Math.max(1, word.length() / 3) ? best : null;
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
