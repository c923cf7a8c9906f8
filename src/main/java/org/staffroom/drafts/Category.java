package org.staffroom.drafts;

import java.util.Locale;
import java.util.Optional;

/** What a post is about. */
public enum Category {
    BEHIND_THE_SCENES,
    EVENT,
    ACHIEVEMENT,
    NOTICE;

    /** The form value and bundle key part, e.g. "behind-the-scenes". */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static Optional<Category> of(String id) {
        for (Category c : values()) if (c.id().equals(id)) return Optional.of(c);
        return Optional.empty();
    }
}
