package org.staffroom.config.spi;

import java.util.List;
import java.util.Set;

/**
 * What social networks themselves accept, as their APIs document it, registered by the adapter
 * that publishes to them (ServiceLoader), so policy.yml is checked at load to be as strict as each
 * network or stricter, never looser: an approved post must always be publishable.
 */
public interface NetworkCeilings {

    /**
     * One network's published limits: the longest text in its own units, most and fewest photos in a
     * post, the largest photo file in bytes, and the photo MIME types it takes.
     */
    record Ceiling(
            String network,
            String label,
            int maxText,
            int maxPhotos,
            int minPhotos,
            long maxPhotoBytes,
            Set<String> formats) {

        public Ceiling {
            formats = Set.copyOf(formats);
        }
    }

    List<Ceiling> ceilings();
}
