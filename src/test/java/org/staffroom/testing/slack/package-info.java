/**
 * A loopback fake of Slack for tests: {@link org.staffroom.testing.slack.FakeSlack} serves the Web API
 * methods the bot calls (form-encoded {@code POST /api/<method>} with a bearer token, as the Java SDK sends
 * them) on a JDK {@code HttpServer}, and a Socket Mode WebSocket (Java-WebSocket) that greets with
 * {@code hello}, pushes {@code events_api}, {@code slash_commands} and {@code interactive} envelopes and
 * checks the acks; it records every call, keeps channel state (messages, threads, reactions, metadata,
 * views) for assertions, injects faults (429 with {@code Retry-After}, 5xx, delays, {@code disconnect},
 * dropped and half-open sockets, redelivery and duplicates) and generates load.
 * {@link org.staffroom.testing.slack.SlackPayloads} builds the payloads Slack sends in the shapes Bolt's
 * model classes parse, and {@link org.staffroom.testing.slack.SlackHttpModeClient} posts them to a bot's
 * HTTP endpoint signed the way Slack signs them, or deliberately mis-signed. Everything binds to
 * 127.0.0.1 on free ports, so many fakes can run side by side and nothing leaves the machine.
 */
package org.staffroom.testing.slack;
