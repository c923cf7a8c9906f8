package org.staffroom.testing.console;

import java.util.Optional;
import org.staffroom.config.Platform;
import org.staffroom.config.spi.SpaceRules;

/** A console space in bot-config: {@code platform: console} and its {@code server}; ids are lower-case words. */
public final class ConsoleSpaceRules implements SpaceRules {

    private static final String WORD = "[a-z0-9][a-z0-9.-]*";

    @Override
    public Platform platform() {
        return ConsoleConnector.CONSOLE;
    }

    @Override
    public String idKey() {
        return "server";
    }

    @Override
    public Optional<String> spaceIdProblem(String id) {
        return word(id, "server");
    }

    @Override
    public Optional<String> channelIdProblem(String id) {
        return word(id, "channel");
    }

    @Override
    public Optional<String> userIdProblem(String id) {
        return word(id, "user");
    }

    private static Optional<String> word(String id, String what) {
        return id.matches(WORD)
                ? Optional.empty()
                : Optional.of("'" + id + "' is not a console " + what + " name (lower-case letters, digits, . and -)");
    }
}
