/**
 * A loopback fake of Discord for tests, proven against the real JDA client.
 *
 * <p>{@link org.staffroom.testing.discord.FakeDiscord} starts a REST API (JDK {@code HttpServer}) and a gateway
 * (Java-WebSocket) on free ports of 127.0.0.1. It models what the bot can see and change (guilds, channels,
 * threads, DMs, messages, reactions, commands, interactions), answers with the JSON shapes JDA 6.5 parses,
 * records every REST call and gateway frame, and injects faults: 429s (per route, global, Cloudflare), errors
 * and connection resets after a message was created, delays, INVALID_SESSION, RECONNECT, close codes, dropped
 * sockets, zombie heartbeats and duplicate deliveries. {@link org.staffroom.testing.discord.RateLimits} can
 * enforce Discord's rate limits and records every early request. {@link org.staffroom.testing.discord.FakeDiscordJda}
 * wires a {@code JDABuilder} to the fake.
 *
 * <p>What JDA 6.5 needs, and so what the fake sends (read in JDA's source):
 * <ul>
 *   <li>GUILD_CREATE must carry {@code threads}, {@code guild_scheduled_events}, {@code emojis} and
 *       {@code voice_states} arrays, roles with {@code colors.primary_color}, {@code afk_timeout} of 60, 300,
 *       900, 1800 or 3600, and the bot's own member; the bot owns the guild so JDA's client-side permission
 *       checks pass (the fake does not check permissions itself).</li>
 *   <li>MESSAGE_REACTION_ADD carries {@code member}: a light JDA caches no members and drops the event
 *       without it.</li>
 *   <li>A 429 without {@code Via} is read as a Cloudflare ban of all routes; any {@code X-RateLimit-Global}
 *       header makes it global. JDA parses {@code Retry-After} as whole seconds.</li>
 *   <li>JDA sends {@code enforce_nonce: true} with every message, a random nonce unless one is set; the fake
 *       returns the existing message for a repeated nonce from the same author in the same channel within
 *       the nonce window, as Discord does.</li>
 *   <li>JDABuilder never asks for the gateway URL: it takes {@code SessionController#getGateway()}.
 *       DefaultShardManager calls {@code GET gateway/bot}.</li>
 * </ul>
 */
package org.staffroom.testing.discord;
