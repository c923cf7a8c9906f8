package org.staffroom.drafts;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The drafts module's own settings ({@code staffroom.drafts.*}).
 *
 * @param webhookStaleAfter a "post approved" webhook claim older than this belongs to a sender that died; longer than
 *                          a POST can take (5 s to connect, 10 s for the answer), so a live sender's claim never looks
 *                          stale
 */
@ConfigurationProperties("staffroom.drafts")
record DraftsSettings(@DefaultValue("2m") Duration webhookStaleAfter) {}
