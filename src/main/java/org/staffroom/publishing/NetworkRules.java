package org.staffroom.publishing;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.ToIntFunction;

/**
 * What one network accepts, checked before a post can be approved so an approved post can
 * always be published.
 *
 * @param maxLength     the longest text, in the network's own units
 * @param length        how the network counts (graphemes on Bluesky, characters elsewhere)
 * @param maxPhotos     most photos in one post
 * @param minPhotos     fewest (Instagram needs one)
 * @param maxPhotoBytes largest photo file
 * @param formats       accepted MIME types
 * @param altRequired   every photo must have alt text
 * @param canDelete     the API can delete a post (else takedown is by hand)
 */
public record NetworkRules(
        int maxLength,
        ToIntFunction<String> length,
        int maxPhotos,
        int minPhotos,
        long maxPhotoBytes,
        Set<String> formats,
        boolean altRequired,
        boolean canDelete) {

    /** A photo as the rules see it. */
    public record PhotoFacts(String mimeType, long sizeBytes, String altText) {}

    /** What breaks the rules, in plain words; empty when the post can go out. */
    public List<String> problems(String label, String text, List<PhotoFacts> photos) {
        List<String> out = new ArrayList<>();
        int len = length.applyAsInt(text == null ? "" : text);
        if (len > maxLength) out.add(label + ": the text is " + len + " long; at most " + maxLength + " fit");
        if (photos.size() > maxPhotos) out.add(label + ": at most " + maxPhotos + " photo(s) in one post");
        if (photos.size() < minPhotos) out.add(label + ": needs at least " + minPhotos + " photo(s)");
        for (int i = 0; i < photos.size(); i++) {
            PhotoFacts p = photos.get(i);
            if (!formats.contains(p.mimeType()))
                out.add(label + ": photo " + (i + 1) + " is " + p.mimeType() + "; use JPEG or PNG");
            if (p.sizeBytes() > maxPhotoBytes) {
                out.add(label + ": photo " + (i + 1) + " is larger than " + (maxPhotoBytes / 1_000_000.0) + " MB");
            }
            if (altRequired && (p.altText() == null || p.altText().isBlank())) {
                out.add(label + ": photo " + (i + 1) + " needs a description (alt text)");
            }
        }
        return out;
    }
}
