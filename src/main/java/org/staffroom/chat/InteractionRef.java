package org.staffroom.chat;

import java.time.Instant;
import org.staffroom.config.Platform;

/**
 * A user's command, button press or form submission that can still be answered privately:
 * {@code id} identifies it, {@code token} is what the platform needs to answer (Slack
 * response_url or trigger id, Discord interaction token), valid until {@code expiresAt}.
 * {@code user}, who acted, is needed only where the platform cannot answer privately in place
 * or open a form (the answer, or the form's questions, then go to that person's direct messages);
 * adapters whose platform can may leave it null.
 */
public record InteractionRef(Platform platform, String id, String token, Instant expiresAt, UserRef user) {

    public InteractionRef(Platform platform, String id, String token, Instant expiresAt) {
        this(platform, id, token, expiresAt, null);
    }
}
