package org.staffroom.chat;

/** Published when a post has reached its platform, so features can learn where it landed. */
public record DeliverySent(String key, MessageRef message) {}
