package org.staffroom.publishing;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.staffroom.testing.Secrets;
import org.staffroom.testing.networks.FakeBluesky;
import org.staffroom.testing.networks.FakeGraph;
import org.staffroom.testing.networks.FakeMastodon;

/**
 * Oakfield's Facebook Page (with Instagram), Bluesky and Mastodon accounts as loopback fakes on one clock
 * that follows the test's, connected in a copy of the sample configuration. Each test class gives its own
 * {@code suffix}, so its tokens are its own (and registered as secrets the log scan looks for).
 */
record OakfieldNetworks(
        PublishingEndToEndTest.FollowingClock clock,
        FakeGraph graph,
        FakeBluesky bluesky,
        FakeMastodon mastodon,
        String suffix) {

    static OakfieldNetworks connect(String suffix, Path config) {
        PublishingEndToEndTest.FollowingClock clock = new PublishingEndToEndTest.FollowingClock();
        OakfieldNetworks networks = new OakfieldNetworks(
                clock,
                new FakeGraph(clock, "1111", "1784", "fb-token-" + suffix, 0, Duration.ofHours(1)),
                new FakeBluesky(clock, "oakfield.bsky.social", "bsky-pass-" + suffix, 0, Duration.ofMinutes(5)),
                new FakeMastodon(clock, "oakfield", "masto-token-" + suffix, 0, Duration.ofMinutes(5)),
                suffix);
        Secrets.register("fb-token-" + suffix);
        Secrets.register("bsky-pass-" + suffix);
        Secrets.register("masto-token-" + suffix);
        PublishingEndToEndTest.connect(config, networks.graph, networks.bluesky, networks.mastodon);
        return networks;
    }

    /** The environment variables the connected accounts name for their tokens. */
    void register(DynamicPropertyRegistry registry) {
        registry.add("OAK_FB_TOKEN", () -> "fb-token-" + suffix);
        registry.add("OAK_BSKY_PASSWORD", () -> "bsky-pass-" + suffix);
        registry.add("OAK_MASTODON_TOKEN", () -> "masto-token-" + suffix);
    }

    void close() {
        graph.close();
        bluesky.close();
        mastodon.close();
    }
}
