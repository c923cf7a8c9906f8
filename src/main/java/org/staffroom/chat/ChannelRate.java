package org.staffroom.chat;

/**
 * How fast one channel takes posts: {@code burst} at once, then {@code perSecond}. From the
 * platform's pace, for workflows that pace in business time (the PD chat relay).
 */
public record ChannelRate(int burst, double perSecond) {}
