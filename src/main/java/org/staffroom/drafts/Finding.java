package org.staffroom.drafts;

import org.staffroom.config.Policy;

/**
 * Something a policy check found in a revision. {@code match} is what was found (a name, a number,
 * a word) and is shown only to the author and approvers, never written to the audit log;
 * {@code network}, {@code limit} and {@code actual} are set for network limits. For a possible
 * pupil's name ("Zoe", "Zoe A.") {@code network} holds the listed pupil it may be, for approvers.
 */
record Finding(Kind kind, Policy.Severity severity, String match, String network, int limit, int actual) {

    enum Kind {
        NO_CONSENT_NAME,
        PHONE,
        EMAIL,
        ADDRESS,
        POSTCODE,
        IMAGES_WITHOUT_CONSENT,
        TEXT_TOO_LONG,
        TOO_MANY_IMAGES,
        TOO_FEW_IMAGES,
        BLOCKED_WORD,
        WATCH_WORD,
        POSSIBLE_NO_CONSENT_NAME,
        PHOTO_FORMAT,
        PHOTO_TOO_LARGE,
        PHOTO_WITHOUT_DESCRIPTION;

        String code() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    static Finding of(Kind kind, Policy.Severity severity, String match) {
        return new Finding(kind, severity, match, null, 0, 0);
    }

    boolean blocks() {
        return severity == Policy.Severity.BLOCK;
    }
}
