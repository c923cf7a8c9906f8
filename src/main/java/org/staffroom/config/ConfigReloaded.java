package org.staffroom.config;

/** Published after a good edit of bot-config took effect, so features can react to what changed. */
public record ConfigReloaded(StaffroomConfig previous, StaffroomConfig current) {}
