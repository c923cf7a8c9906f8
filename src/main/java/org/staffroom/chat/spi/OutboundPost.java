package org.staffroom.chat.spi;

import org.staffroom.chat.ChannelRef;
import org.staffroom.chat.Message;

/**
 * A post ready to send: channel (a DM channel already opened), thread root or null, the message,
 * and the marker (the delivery's idempotency key) that the adapter attaches so that a post whose
 * record was lost can be found again with {@link PlatformConnector#findByMarker}.
 */
public record OutboundPost(ChannelRef channel, String threadId, Message message, String marker) {}
