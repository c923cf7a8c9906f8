package org.staffroom.config;

/** A Slack workspace (team id) or a Discord server (guild id) where one or more schools chat. */
public record Space(String id, Platform platform, String externalId, String name) {}
