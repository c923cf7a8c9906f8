package org.staffroom.slack;

import java.util.Optional;
import org.staffroom.config.Platform;
import org.staffroom.config.spi.SpaceRules;

/** A Slack space in bot-config: its workspace's team id under {@code team}; channel ids start with C (or G). */
public final class SlackSpaceRules implements SpaceRules {

    @Override
    public Platform platform() {
        return Platform.SLACK;
    }

    @Override
    public String idKey() {
        return "team";
    }

    @Override
    public Optional<String> spaceIdProblem(String id) {
        // E…: an Enterprise Grid organisation.
        if (id.startsWith("T") || id.startsWith("E")) return Optional.empty();
        return Optional.of("'" + id + "' does not look like a Slack team id (it starts with T)");
    }

    @Override
    public Optional<String> channelIdProblem(String id) {
        if (id.matches("[CG][A-Z0-9]+")) return Optional.empty();
        return Optional.of("'" + id + "' is not a Slack channel id (it starts with C)");
    }
}
