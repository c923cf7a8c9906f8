package org.staffroom.publishing;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * A post as it goes to one network.
 *
 * @param key          the idempotency key: the same for every try of this post on this network
 * @param text         the approved text
 * @param photos       the photos, in order, metadata already stripped
 * @param firstAttempt when the first try left (reconciliation looks at posts made since)
 */
public record OutgoingPost(String key, String text, List<Photo> photos, Instant firstAttempt) {

    /**
     * @param file      the photo on disk
     * @param publicUrl where the network can fetch it (Instagram fetches, the others take an upload)
     */
    public record Photo(Path file, String mimeType, long sizeBytes, String altText, String publicUrl) {}
}
