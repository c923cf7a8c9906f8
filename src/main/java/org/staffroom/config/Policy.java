package org.staffroom.config;

import java.util.List;
import java.util.Map;

/** policy.yml: what drafts are checked against. */
public record Policy(Map<String, NetworkLimits> networks, Map<Check, Severity> checks,
                     List<String> blockedWords, List<String> warnedWords) {

    public enum Severity { BLOCK, WARN, OFF }

    public enum Check { NO_CONSENT_NAMES, PHONE_NUMBERS, EMAIL_ADDRESSES, STREET_ADDRESSES, IMAGES_WITHOUT_CONSENT, NETWORK_LIMITS }

    /** What one social network accepts. */
    public record NetworkLimits(String id, String label, int maxText, int maxImages, int minImages) {
    }

    public Severity severity(Check check) {
        return checks.getOrDefault(check, Severity.BLOCK);
    }
}
