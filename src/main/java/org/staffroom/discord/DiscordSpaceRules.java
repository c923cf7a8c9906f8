package org.staffroom.discord;

import java.util.Optional;
import java.util.regex.Pattern;
import org.staffroom.config.Platform;
import org.staffroom.config.spi.SpaceRules;

/**
 * A Discord space in bot-config: its server's guild id under {@code guild}. Guild, channel and user
 * ids are snowflakes, digits only (quoted in YAML, since they do not fit a double).
 */
public final class DiscordSpaceRules implements SpaceRules {

    private static final Pattern SNOWFLAKE = Pattern.compile("\\d{5,20}");

    @Override
    public Platform platform() {
        return Platform.DISCORD;
    }

    @Override
    public String idKey() {
        return "guild";
    }

    @Override
    public Optional<String> spaceIdProblem(String id) {
        return snowflake(id, "guild");
    }

    @Override
    public Optional<String> channelIdProblem(String id) {
        return snowflake(id, "channel");
    }

    @Override
    public Optional<String> userIdProblem(String id) {
        return snowflake(id, "user");
    }

    private static Optional<String> snowflake(String id, String what) {
        if (SNOWFLAKE.matcher(id).matches()) return Optional.empty();
        return Optional.of("'" + id + "' is not a Discord " + what + " id (digits only, in quotes)");
    }
}
