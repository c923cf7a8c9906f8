package org.staffroom.chat.spi;

import java.time.Duration;

/**
 * How fast a platform accepts posts: per channel a burst and a sustained rate, a ceiling for all
 * channels together, and optionally a ceiling on new posts across one space (a Slack workspace).
 * The delivery sender keeps under these so platforms rarely answer 429. Each adapter states its
 * own platform's figures ({@link PlatformConnector#pace()}).
 *
 * @param spacePosts  new posts allowed in any {@code spaceWindow} across one space (0: no such limit);
 *     edits and reactions are not counted, as the platform counts them under other methods
 * @param spaceWindow the sliding window {@code spacePosts} is counted over (Slack: a minute)
 */
public record Pace(
        int channelBurst, double channelPerSecond, double globalPerSecond, int spacePosts, Duration spaceWindow) {

    /** For a connector that keeps posts locally (the sandbox, test platforms): no platform limit to respect. */
    public static final Pace UNLIMITED = new Pace(1000, 1000.0, 10000.0);

    /** A platform without a per-space ceiling. */
    public Pace(int channelBurst, double channelPerSecond, double globalPerSecond) {
        this(channelBurst, channelPerSecond, globalPerSecond, 0, Duration.ofMinutes(1));
    }
}
