package org.staffroom.chat;

import java.time.Instant;
import org.staffroom.config.Platform;

/**
 * A platform connection came back in a way that may have lost events: Slack's Socket Mode opened a
 * new socket (after a {@code disconnect}, a dropped or silent socket, a watchdog restart), Discord
 * identified a new gateway session (nothing is replayed after an INVALID_SESSION) or this instance
 * took the Discord gateway over. Published by the adapters on a background thread; listeners read
 * the platform's state back (reactions on open review cards, markers of stale delivery claims) and
 * apply what was missed, idempotently.
 */
public record PlatformReconnected(Platform platform, String reason, Instant at) {}
