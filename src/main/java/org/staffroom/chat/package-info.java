/**
 * The chat port: platform-neutral references, inbound events and the {@link org.staffroom.chat.Message}
 * model, the command catalog, message bundles, and delivery. Adapters hand events to
 * {@link org.staffroom.chat.InboundEvents}; workflows talk through {@link org.staffroom.chat.Chat}.
 * Every post is a row under an idempotency key before it is sent, so nothing is posted twice.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"config", "outbox"})
package org.staffroom.chat;
