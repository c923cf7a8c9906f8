package org.staffroom.chat;

import java.time.Instant;

/**
 * The clock's heartbeat, published about every half minute on one instance: features do their
 * scheduled work (posting questions, reminders, expiries) when it arrives, reading the time from
 * {@code now}, and make each piece of work idempotent with a unique key so a repeat does nothing.
 */
public record Tick(Instant now) {}
