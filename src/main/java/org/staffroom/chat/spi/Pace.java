package org.staffroom.chat.spi;

/**
 * How fast a platform accepts posts: per channel a burst and a sustained rate, and a ceiling for
 * all channels together. The delivery sender keeps under these so platforms rarely answer 429.
 */
public record Pace(int channelBurst, double channelPerSecond, double globalPerSecond) {

    /** Slack: about one message per second per channel; Web API tier "special". */
    public static final Pace SLACK = new Pace(3, 1.0, 20.0);

    /** Discord: 5 messages per 5 seconds per channel, 50 requests per second per bot. */
    public static final Pace DISCORD = new Pace(5, 1.0, 45.0);

    public static final Pace UNLIMITED = new Pace(1000, 1000.0, 10000.0);
}
