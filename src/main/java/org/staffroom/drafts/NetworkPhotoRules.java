package org.staffroom.drafts;

import java.util.Optional;
import java.util.Set;
import org.staffroom.config.Approvals;

/**
 * The photo formats, sizes and alt-text requirement of a network Staffroom publishes to itself (an account connected in
 * the configuration), so a draft that would be refused there is blocked before anyone can approve
 * it. Implemented by publishing, which knows the connected networks; drafts only asks.
 */
public interface NetworkPhotoRules {

    /**
     * What one network takes: {@code label} for people, MIME types (empty: any), the largest file,
     * and whether every photo must have a description (alt text).
     */
    record Rules(String label, Set<String> formats, long maxBytes, boolean altRequired) {

        /** Both sets of rules at once (policy.yml's and the network's): the formats both take, the smaller size. */
        Rules and(Rules other) {
            Set<String> both;
            if (formats.isEmpty()) both = other.formats();
            else if (other.formats().isEmpty()) both = formats;
            else both = formats.stream().filter(other.formats()::contains).collect(java.util.stream.Collectors.toSet());
            return new Rules(label, both, Math.min(maxBytes, other.maxBytes()), altRequired || other.altRequired());
        }
    }

    /** The rules of {@code network} where it is connected for this school (or the trust's account); else empty. */
    Optional<Rules> rules(String schoolId, Approvals.Target target, String network);
}
