package org.staffroom.drafts;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The photo descriptions (alt text) one form gave, by photo number (from 1). A photo the form did not
 * ask about (a Discord modal without room, an edit that asks only about new photos) is absent and
 * keeps what it had; a blank answer means "no description".
 */
record PhotoDescriptions(Map<Integer, String> given) {

    /** The form field of photo n is {@code alt.n}. */
    static final String FIELD = "alt.";

    /** Most characters of one description: Mastodon's limit, the smallest of the networks that take one. */
    static final int MAX_LENGTH = 1500;

    static final PhotoDescriptions NONE = new PhotoDescriptions(Map.of());

    PhotoDescriptions {
        given = Collections.unmodifiableMap(new java.util.TreeMap<>(given));
    }

    /** The photo number of a description field, or 0 for any other field. */
    static int number(String fieldId) {
        if (fieldId == null || !fieldId.startsWith(FIELD)) return 0;
        try {
            return Integer.parseInt(fieldId.substring(FIELD.length()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    static boolean blank(String alt) {
        return alt == null || alt.isBlank();
    }

    /** {@code before} (one description or null per photo, in order) with these answers applied. */
    List<String> applyTo(List<String> before) {
        List<String> out = new ArrayList<>(before);
        for (Map.Entry<Integer, String> e : given.entrySet()) {
            int i = e.getKey() - 1;
            if (i >= 0 && i < out.size()) out.set(i, blank(e.getValue()) ? null : e.getValue());
        }
        return out;
    }

    /** The descriptions of {@code photos} new photos. */
    List<String> forNew(int photos) {
        return applyTo(Collections.nCopies(photos, null));
    }

    /** All descriptions as one text, for the privacy checks (they are published too). */
    static String joined(List<String> alts) {
        return String.join("\n", alts.stream().filter(a -> !blank(a)).toList());
    }
}
