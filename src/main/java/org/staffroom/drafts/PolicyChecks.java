package org.staffroom.drafts;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.staffroom.config.Policy;

/**
 * The checks in policy.yml, run on every submission and revision: pupils on the school's
 * no-media-consent list (a certain match blocks, a first name alone or with an initial warns; see
 * {@link NoConsentNames}), contact details (see {@link ContactDetails}; a school's own listed
 * details are allowed), photos without the consent confirmation, blocked and watched words, and
 * each chosen network's limits. Pure: the same content always gives the same findings.
 */
final class PolicyChecks {

    private PolicyChecks() {}

    /** What is checked: the text, the chosen network ids, how many photos, and whether consent was confirmed. */
    record Content(String text, List<String> networks, int images, boolean consentConfirmed) {}

    static List<Finding> check(Policy policy, List<String> noConsentNames, Content content) {
        String text = content.text() == null ? "" : content.text();
        List<Finding> out = new ArrayList<>();
        Policy.Severity names = policy.severity(Policy.Check.NO_CONSENT_NAMES);
        if (names != Policy.Severity.OFF) {
            for (NoConsentNames.Hit h : NoConsentNames.hits(text, noConsentNames)) {
                if (h.strength() == NoConsentNames.Strength.BLOCK) {
                    out.add(Finding.of(Finding.Kind.NO_CONSENT_NAME, names, h.found()));
                } else {
                    out.add(new Finding(
                            Finding.Kind.POSSIBLE_NO_CONSENT_NAME, Policy.Severity.WARN, h.found(), h.name(), 0, 0));
                }
            }
        }
        List<Policy.Allowed> allowed = List.copyOf(policy.allowed().values());
        add(
                out,
                policy.severity(Policy.Check.PHONE_NUMBERS),
                Finding.Kind.PHONE,
                ContactDetails.phones(text, policy.phoneRegions()).stream()
                        .filter(p -> allowed.stream()
                                .noneMatch(a -> a.phones().stream()
                                        .anyMatch(x -> ContactDetails.samePhone(x, p, policy.phoneRegions()))))
                        .toList());
        add(
                out,
                policy.severity(Policy.Check.EMAIL_ADDRESSES),
                Finding.Kind.EMAIL,
                ContactDetails.emails(text).stream()
                        .filter(e -> allowed.stream()
                                .noneMatch(a -> a.emails().stream()
                                        .anyMatch(x -> ContactDetails.canonicalEmail(x)
                                                .equals(ContactDetails.canonicalEmail(e)))))
                        .toList());
        Policy.Severity addresses = policy.severity(Policy.Check.STREET_ADDRESSES);
        add(out, addresses, Finding.Kind.ADDRESS, notAllowedAddresses(allowed, ContactDetails.addresses(text)));
        add(out, addresses, Finding.Kind.POSTCODE, notAllowedAddresses(allowed, ContactDetails.postcodes(text)));
        Policy.Severity photos = policy.severity(Policy.Check.IMAGES_WITHOUT_CONSENT);
        if (photos != Policy.Severity.OFF && content.images() > 0 && !content.consentConfirmed()) {
            out.add(new Finding(Finding.Kind.IMAGES_WITHOUT_CONSENT, photos, null, null, 0, content.images()));
        }
        List<Words.Token> tokens = Words.tokens(text);
        for (String w : policy.blockedWords()) {
            if (!Words.find(tokens, Words.phrase(w)).isEmpty())
                out.add(Finding.of(Finding.Kind.BLOCKED_WORD, Policy.Severity.BLOCK, w));
        }
        for (String w : policy.warnedWords()) {
            if (!Words.find(tokens, Words.phrase(w)).isEmpty())
                out.add(Finding.of(Finding.Kind.WATCH_WORD, Policy.Severity.WARN, w));
        }
        Policy.Severity limits = policy.severity(Policy.Check.NETWORK_LIMITS);
        if (limits != Policy.Severity.OFF) {
            int length = text.codePointCount(0, text.length());
            for (String id : content.networks()) {
                Policy.NetworkLimits n = policy.networks().get(id);
                if (n == null) continue;
                // Each network counts its own way: Bluesky's 300 are graphemes (an emoji with a skin tone is one).
                int counted = "bluesky".equals(id) ? graphemes(text) : length;
                if (counted > n.maxText())
                    out.add(new Finding(Finding.Kind.TEXT_TOO_LONG, limits, null, n.label(), n.maxText(), counted));
                if (content.images() > n.maxImages()) {
                    out.add(new Finding(
                            Finding.Kind.TOO_MANY_IMAGES, limits, null, n.label(), n.maxImages(), content.images()));
                }
                if (content.images() < n.minImages()) {
                    out.add(new Finding(
                            Finding.Kind.TOO_FEW_IMAGES, limits, null, n.label(), n.minImages(), content.images()));
                }
            }
        }
        return out;
    }

    /**
     * The post text and the photos' description (alt text) together: the description is published
     * too, so a withdrawn pupil's name, a phone number or a blocked word in it is found the same
     * way. Network limits and the consent question are about the post, so they are checked once.
     */
    static List<Finding> check(Policy policy, List<String> noConsentNames, Content content, String altText) {
        List<Finding> out = check(policy, noConsentNames, content);
        if (altText == null || altText.isBlank()) return out;
        for (Finding f : check(policy, noConsentNames, new Content(altText, List.of(), 0, true))) {
            if (!out.contains(f)) out.add(f);
        }
        return out;
    }

    /** A photo as a network's rules see it. */
    record Photo(String mimeType, long sizeBytes, String altText) {}

    /**
     * Each photo against each chosen, connected network's formats, largest file and alt-text rule: a photo the
     * network would refuse blocks the draft, so an approved post can always go out. Findings carry
     * the accepted formats (or the largest size) in words and the photo's number.
     */
    static List<Finding> photos(List<Photo> photos, List<NetworkPhotoRules.Rules> networks) {
        List<Finding> out = new ArrayList<>();
        for (NetworkPhotoRules.Rules n : networks) {
            for (int i = 0; i < photos.size(); i++) {
                Photo p = photos.get(i);
                if (!n.formats().isEmpty() && !n.formats().contains(p.mimeType())) {
                    out.add(new Finding(
                            Finding.Kind.PHOTO_FORMAT, Policy.Severity.BLOCK, formats(n), n.label(), 0, i + 1));
                }
                if (p.sizeBytes() > n.maxBytes()) {
                    out.add(new Finding(
                            Finding.Kind.PHOTO_TOO_LARGE,
                            Policy.Severity.BLOCK,
                            megabytes(n.maxBytes()),
                            n.label(),
                            0,
                            i + 1));
                }
            }
        }
        // One finding per photo without a description, naming every chosen network that needs one.
        List<String> needing = networks.stream()
                .filter(NetworkPhotoRules.Rules::altRequired)
                .map(NetworkPhotoRules.Rules::label)
                .toList();
        for (int i = 0; i < photos.size() && !needing.isEmpty(); i++) {
            String alt = photos.get(i).altText();
            if (alt == null || alt.isBlank()) {
                out.add(new Finding(
                        Finding.Kind.PHOTO_WITHOUT_DESCRIPTION,
                        Policy.Severity.BLOCK,
                        null,
                        String.join(", ", needing),
                        0,
                        i + 1));
            }
        }
        return out;
    }

    private static String formats(NetworkPhotoRules.Rules n) {
        return String.join(
                "/",
                n.formats().stream()
                        .sorted()
                        .map(f -> f.substring(f.indexOf('/') + 1).toUpperCase(java.util.Locale.ROOT))
                        .toList());
    }

    private static String megabytes(long bytes) {
        return java.math.BigDecimal.valueOf(bytes, 6).stripTrailingZeros().toPlainString() + " MB";
    }

    /**
     * The schools' own published contact details (policy.yml {@code allow:}) may appear in any draft of
     * the trust: they are the schools' public office details, not a family's, and a trust-account
     * post about several schools may rightly give any of them.
     */
    /** The addresses (or postcodes) found that no allowed entry lists. */
    private static List<String> notAllowedAddresses(List<Policy.Allowed> allowed, List<String> found) {
        return found.stream()
                .filter(x -> !allowedAddress(allowed, String.join("", NameText.keys(x))))
                .toList();
    }

    private static boolean allowedAddress(List<Policy.Allowed> allowed, String key) {
        if (key.isEmpty()) return false;
        return allowed.stream()
                .anyMatch(a -> a.addresses().stream()
                        .anyMatch(x -> String.join("", NameText.keys(x)).contains(key)));
    }

    /**
     * A photo's file name read as text ("Zoe_Adebayo_sports_day.jpg"): the pupils it names for
     * certain. Cameras name files IMG_1234; a name in the file name is how a photo says who is in it.
     */
    static List<String> namedInFileName(String fileName, List<String> noConsentNames) {
        if (fileName == null || fileName.isBlank()) return List.of();
        String base = fileName.replaceFirst("\\.[A-Za-z0-9]{1,5}$", "");
        return NoConsentNames.find(base, noConsentNames).stream()
                .map(NoConsentNames.Match::name)
                .toList();
    }

    private static void add(List<Finding> out, Policy.Severity severity, Finding.Kind kind, List<String> matches) {
        if (severity == Policy.Severity.OFF) return;
        Set<String> seen = new LinkedHashSet<>(matches);
        for (String m : seen) out.add(Finding.of(kind, severity, m));
    }

    static boolean blocked(List<Finding> findings) {
        return findings.stream().anyMatch(Finding::blocks);
    }

    /** User-perceived characters (ICU's grapheme clusters). */
    static int graphemes(String text) {
        com.ibm.icu.text.BreakIterator it = com.ibm.icu.text.BreakIterator.getCharacterInstance();
        it.setText(text);
        int n = 0;
        while (it.next() != com.ibm.icu.text.BreakIterator.DONE) n++;
        return n;
    }
}
