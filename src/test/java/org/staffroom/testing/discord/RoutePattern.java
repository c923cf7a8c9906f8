package org.staffroom.testing.discord;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Matches REST paths against patterns made of segments: a literal, {@code *} or {@code {name}} for exactly
 * one segment, and a trailing {@code **} for any rest. Example: {@code channels/*}{@code /messages}.
 */
final class RoutePattern {

    private RoutePattern() {}

    static boolean matches(String pattern, String path) {
        return match(pattern, path) != null;
    }

    /** The named segments of a match, or null if the path does not match. */
    static Map<String, String> match(String pattern, String path) {
        String[] p = split(pattern);
        String[] s = split(path);
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < p.length; i++) {
            if (p[i].equals("**") && i == p.length - 1) {
                return params;
            }
            if (i >= s.length) {
                return null;
            }
            if (p[i].equals("*")) {
                continue;
            }
            if (p[i].startsWith("{") && p[i].endsWith("}")) {
                params.put(p[i].substring(1, p[i].length() - 1), s[i]);
                continue;
            }
            if (!p[i].equals(s[i])) {
                return null;
            }
        }
        return p.length == s.length ? params : null;
    }

    private static String[] split(String path) {
        String trimmed = path;
        while (trimmed.startsWith("/")) {
            trimmed = trimmed.substring(1);
        }
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return trimmed.isEmpty() ? new String[0] : trimmed.split("/", -1);
    }
}
