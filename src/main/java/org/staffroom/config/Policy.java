package org.staffroom.config;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * policy.yml: what drafts are checked against. {@code phoneRegions} are the countries (ISO codes)
 * the trust's schools are in, where phone numbers are looked for in local form; {@code allowed}
 * holds, per school, the school's own published phone numbers, e-mail addresses and address,
 * which posts may give.
 */
public record Policy(
        Map<String, NetworkLimits> networks,
        Map<Check, Severity> checks,
        List<String> blockedWords,
        List<String> warnedWords,
        Set<String> phoneRegions,
        Map<String, Allowed> allowed) {

    public enum Severity {
        BLOCK,
        WARN,
        OFF
    }

    public enum Check {
        NO_CONSENT_NAMES,
        PHONE_NUMBERS,
        EMAIL_ADDRESSES,
        STREET_ADDRESSES,
        IMAGES_WITHOUT_CONSENT,
        NETWORK_LIMITS
    }

    /**
     * What one social network accepts, as policy.yml allows it: never looser than the network itself
     * where an adapter publishes to it (checked at load). {@code maxPhotoBytes} is the largest photo
     * file; {@code formats} the photo MIME types taken (empty: any the sanitizer keeps).
     */
    public record NetworkLimits(
            String id,
            String label,
            int maxText,
            int maxImages,
            int minImages,
            long maxPhotoBytes,
            java.util.Set<String> formats) {

        public NetworkLimits {
            formats = Set.copyOf(formats);
        }

        /** Limits without a photo size or format rule. */
        public NetworkLimits(String id, String label, int maxText, int maxImages, int minImages) {
            this(id, label, maxText, maxImages, minImages, Long.MAX_VALUE, Set.of());
        }
    }

    /** A school's own contact details, which a post may give (the office phone, the office e-mail, the school's address). */
    public record Allowed(List<String> phones, List<String> emails, List<String> addresses) {}

    /** A policy without an allow-list, looking for phone numbers as written in the UK. */
    public Policy(
            Map<String, NetworkLimits> networks,
            Map<Check, Severity> checks,
            List<String> blockedWords,
            List<String> warnedWords) {
        this(networks, checks, blockedWords, warnedWords, Set.of("GB"), Map.of());
    }

    public Severity severity(Check check) {
        return checks.getOrDefault(check, Severity.BLOCK);
    }
}
