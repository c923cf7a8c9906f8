package org.staffroom.chat;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long the inbox remembers what came in ({@code staffroom.chat.*}).
 *
 * @param eventKeyRetention how long an inbound event's key is kept, so a platform's redelivery is seen as a duplicate
 * @param failureRetention  how long a handling that failed for good is kept for an admin to see
 */
@ConfigurationProperties("staffroom.chat")
record InboxRetention(
        @DefaultValue("2d") Duration eventKeyRetention,
        @DefaultValue("14d") Duration failureRetention) {}
