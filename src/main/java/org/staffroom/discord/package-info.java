/**
 * The Discord adapter: connects to Discord through JDA (or any Discord-compatible endpoint set by
 * {@code staffroom.discord.api-url}), turns gateway events and interactions into platform-neutral
 * {@link org.staffroom.chat.ChatEvent}s for {@link org.staffroom.chat.InboundEvents}, and renders the
 * core's messages, forms and answers as Discord content, embeds, components and modals behind
 * {@link org.staffroom.chat.spi.PlatformConnector}. It registers the shared command catalog as guild
 * slash commands, answers interactions within Discord's three seconds, sends every post with a nonce
 * derived from its delivery key so a retry never doubles it, and never lets user text ping anyone.
 * Active only when a bot token is set; otherwise the sandbox stands in for Discord.
 */
@org.springframework.modulith.ApplicationModule(
        allowedDependencies = {"chat", "chat :: spi", "config", "config :: spi", "directory"})
package org.staffroom.discord;
