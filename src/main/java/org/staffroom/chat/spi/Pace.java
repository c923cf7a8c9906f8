package org.staffroom.chat.spi;

/**
 * How fast a platform accepts posts: per channel a burst and a sustained rate, and a ceiling for
 * all channels together. The delivery sender keeps under these so platforms rarely answer 429.
 */
public record Pace(int channelBurst, double channelPerSecond, double globalPerSecond) {

    /**
     * Slack: about one message per second per channel, short bursts allowed; Web API tier "special".
     * A burst of two, not three: a request's time between the pacer and Slack varies (most on a cold or
     * busy machine), and with three a fourth post could reach Slack within a second of the first.
     */
    public static final Pace SLACK = new Pace(2, 1.0, 20.0);

    /** Discord: 5 messages per 5 seconds per channel, 50 requests per second per bot. */
    public static final Pace DISCORD = new Pace(5, 1.0, 45.0);

    public static final Pace UNLIMITED = new Pace(1000, 1000.0, 10000.0);
}
