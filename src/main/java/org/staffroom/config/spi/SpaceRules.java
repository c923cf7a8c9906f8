package org.staffroom.config.spi;

import java.util.Optional;
import org.staffroom.config.Platform;

/**
 * One platform's rules for bot-config: under which key a space gives its id on the platform
 * ({@code team} for Slack, {@code guild} for Discord) and what its space, channel and user ids
 * look like. A check answers the whole problem sentence, e.g. "'x' is not a Discord channel id
 * (digits only, in quotes)", or nothing when the id looks right.
 */
public interface SpaceRules {

    Platform platform();

    /** The key in a space of schools.yml that holds the platform's id for it. */
    String idKey();

    Optional<String> spaceIdProblem(String id);

    default Optional<String> channelIdProblem(String id) {
        return Optional.empty();
    }

    default Optional<String> userIdProblem(String id) {
        return Optional.empty();
    }
}
