package org.staffroom.networks;

import java.util.List;
import java.util.function.ToIntFunction;
import org.staffroom.config.spi.NetworkCeilings;
import org.staffroom.publishing.NetworkRules;

/**
 * The four networks' published limits, for the configuration to check policy.yml against
 * (registered in META-INF/services), and the rules each adapter gives publishing, built from the
 * same figures so the two never disagree.
 */
public final class PublishedLimits implements NetworkCeilings {

    @Override
    public List<Ceiling> ceilings() {
        return List.of(FacebookPage.CEILING, InstagramAccount.CEILING, Bluesky.CEILING, Mastodon.CEILING);
    }

    /** A network's rules from its ceiling: every network Staffroom publishes to takes alt text, so every photo needs one. */
    static NetworkRules rules(Ceiling c, ToIntFunction<String> length, boolean canDelete) {
        return new NetworkRules(
                c.maxText(), length, c.maxPhotos(), c.minPhotos(), c.maxPhotoBytes(), c.formats(), true, canDelete);
    }
}
