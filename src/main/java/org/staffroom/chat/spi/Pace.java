package org.staffroom.chat.spi;

/**
 * How fast a platform accepts posts: per channel a burst and a sustained rate, and a ceiling for
 * all channels together. The delivery sender keeps under these so platforms rarely answer 429.
 * Each adapter states its own platform's figures ({@link PlatformConnector#pace()}).
 */
public record Pace(int channelBurst, double channelPerSecond, double globalPerSecond) {

    /** For a connector that keeps posts locally (the sandbox, test platforms): no platform limit to respect. */
    public static final Pace UNLIMITED = new Pace(1000, 1000.0, 10000.0);
}
