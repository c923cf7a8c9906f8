package org.staffroom.drafts;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * The public webhook contract: what a receiver gets for each event, in this field order. {@code id}
 * and {@code sequence} identify the event, so a receiver can ignore a repeat (delivery is at least
 * once) or an event older than one it already applied.
 */
sealed interface WebhookPayload permits WebhookPayload.Approved, WebhookPayload.Pulled {

    /** {@code post.approved}: the post as approved, with its public photo URLs. */
    @JsonPropertyOrder({
        "event",
        "id",
        "sequence",
        "school",
        "schoolName",
        "account",
        "text",
        "networks",
        "category",
        "wantedDate",
        "approvedAt",
        "images"
    })
    record Approved(
            String event,
            long id,
            int sequence,
            String school,
            String schoolName,
            String account,
            String text,
            List<String> networks,
            String category,
            String wantedDate,
            String approvedAt,
            List<String> images)
            implements WebhookPayload {}

    /** {@code post.pulled}: take the post down (media consent withdrawn); no photos any more. */
    @JsonPropertyOrder({"event", "id", "sequence", "school", "schoolName", "account", "reason", "publishedUrl"})
    record Pulled(
            String event,
            long id,
            int sequence,
            String school,
            String schoolName,
            String account,
            String reason,
            String publishedUrl)
            implements WebhookPayload {}
}
