package org.staffroom.discord;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.core.env.Environment;

/**
 * Settings of the Discord adapter ({@code staffroom.discord.*}). Only the token is needed for real
 * Discord; the rest have defaults that suit it.
 *
 * @param botToken              the bot token (env {@code DISCORD_BOT_TOKEN} also works); the adapter runs only when set
 * @param apiUrl                REST base (env {@code STAFFROOM_DISCORD_API_URL}); the gateway URL is asked from its
 *                              {@code gateway} route, so any Discord-compatible endpoint works
 * @param compression           gateway compression: {@code zlib} (Discord's default transport) or {@code none}
 * @param interactionWait       how long an interaction waits for the first answer from the features before it is
 *                              deferred (Discord allows 3 s for the first callback)
 * @param identifyDelay         least time between two IDENTIFYs (Discord: one per 5 s per bucket)
 * @param maxIdentifiesPerDay   IDENTIFYs allowed in 24 h before the adapter stops connecting (Discord resets the
 *                              token at 1000)
 * @param registerCommands      whether to register the slash commands in each guild on start
 * @param readyTimeout          how long a post waits for the gateway to be ready before it is retried later
 * @param attachmentHosts       hosts {@code download} fetches attachments from
 * @param attachmentMaxBytes    largest attachment {@code download} fetches
 * @param gatewayLease          with several instances on one database, only the holder of this lease connects the
 *                              gateway; a dead holder's lease runs out after this long ({@code 0s}: no lease, always
 *                              connect — only for a single instance)
 * @param membersIntent         ask for the privileged Server Members intent (env {@code STAFFROOM_DISCORD_MEMBERS_INTENT}),
 *                              so the members of a Discord role people.yml makes approvers can be listed; turn it on
 *                              in the Developer Portal first (Discord refuses the connection otherwise, and Staffroom
 *                              then connects without it). Off: a role's members are those Staffroom has seen.
 * @param groupCacheTtl         how long a role's member list is reused before Discord is asked again
 */
@ConfigurationProperties("staffroom.discord")
public record DiscordProperties(
        String botToken,
        @DefaultValue("https://discord.com/api/v10/") String apiUrl,
        @DefaultValue("zlib") String compression,
        @DefaultValue("2200ms") Duration interactionWait,
        @DefaultValue("5s") Duration identifyDelay,
        @DefaultValue("900") int maxIdentifiesPerDay,
        @DefaultValue("true") boolean registerCommands,
        @DefaultValue("30s") Duration readyTimeout,

        @DefaultValue({"cdn.discordapp.com", "media.discordapp.net"})
        List<String> attachmentHosts,

        @DefaultValue("26214400") long attachmentMaxBytes,
        @DefaultValue("30s") Duration gatewayLease,
        @DefaultValue("false") boolean membersIntent,
        @DefaultValue("60s") Duration groupCacheTtl) {

    public DiscordProperties {
        apiUrl = apiUrl == null || apiUrl.isBlank() ? "https://discord.com/api/v10/" : apiUrl.trim();
        if (!apiUrl.endsWith("/")) apiUrl = apiUrl + "/";
        attachmentHosts = attachmentHosts == null ? List.of() : List.copyOf(attachmentHosts);
        gatewayLease = gatewayLease == null ? Duration.ofSeconds(30) : gatewayLease;
        groupCacheTtl = groupCacheTtl == null ? Duration.ofSeconds(60) : groupCacheTtl;
    }

    /** True when the gateway should be compressed (zlib-stream); a plain-JSON endpoint needs {@code none}. */
    public boolean compressed() {
        return !"none".equalsIgnoreCase(compression == null ? "" : compression.trim());
    }

    /** The token from {@code staffroom.discord.bot-token}, else env {@code DISCORD_BOT_TOKEN}; "" if neither. */
    static String token(Environment env) {
        String token = env.getProperty("staffroom.discord.bot-token");
        if (token == null || token.isBlank()) token = env.getProperty("DISCORD_BOT_TOKEN");
        return token == null ? "" : token.trim();
    }

    /** Keeps the token out of logs and actuator output. */
    @Override
    public String toString() {
        return "DiscordProperties[apiUrl=" + apiUrl + ", compression=" + compression + ", botToken="
                + (botToken == null || botToken.isBlank() ? "unset" : "set") + "]";
    }
}
