package org.staffroom.config;

/** What a school uses a channel for. */
public enum ChannelPurpose {
    STAFFROOM,
    QOTD,
    PD,
    REVIEW
}
