package org.staffroom.chat;

import java.time.Instant;

import org.staffroom.config.Platform;

/**
 * A user's command, button press or form submission that can still be answered privately:
 * {@code id} identifies it, {@code token} is what the platform needs to answer (Slack
 * response_url or trigger id, Discord interaction token), valid until {@code expiresAt}.
 */
public record InteractionRef(Platform platform, String id, String token, Instant expiresAt) {
}
