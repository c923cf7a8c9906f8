/**
 * A loopback fake of Discord for tests, proven against the real JDA client.
 *
 * <p>{@link org.staffroom.testing.discord.FakeDiscord} starts a REST API (JDK {@code HttpServer}) and a gateway
 * (Java-WebSocket) on free ports of 127.0.0.1. It models what the bot can see and change (guilds, channels,
 * threads, DMs, messages, reactions, commands, interactions), answers with the JSON shapes JDA 6.5 parses,
 * records every REST call and gateway frame, and injects faults: 429s (per route, global, Cloudflare), errors
 * after a message was created, delays, dropped connections, INVALID_SESSION, RECONNECT, close codes, zombie
 * heartbeats and duplicate deliveries. {@link org.staffroom.testing.discord.RateLimits} can enforce Discord's
 * rate limits and records every early request.
 *
 * <p>{@link org.staffroom.testing.discord.FakeDiscordJda} wires a {@code JDABuilder} to the fake.
 */
package org.staffroom.testing.discord;
