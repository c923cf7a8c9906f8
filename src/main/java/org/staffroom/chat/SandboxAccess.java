package org.staffroom.chat;

import java.util.Locale;
import java.util.Set;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;
import org.staffroom.config.Platform;

/**
 * When the local sandbox may be used, and by whom. The sandbox lets anyone who can open its page
 * act as any person of the trust, so it is a tool for one's own machine:
 * <ul>
 *   <li>on by itself only while no platform has tokens (trying Staffroom out);</li>
 *   <li>with one platform live it stays off unless switched on ({@code STAFFROOM_SANDBOX=on}),
 *       and even then hands out no sign-in links, since its people would be real staff;</li>
 *   <li>with every platform live there is nothing to simulate, so it is off;</li>
 *   <li>it answers loopback callers only unless {@code staffroom.sandbox.allow-remote=true}.</li>
 * </ul>
 * A platform without tokens is still stood in for by the sandbox's connector (posts to it are
 * kept, not sent); only the page, its API and its files are gated here.
 */
@Component
@EnableConfigurationProperties(SandboxSettings.class)
public class SandboxAccess {

    /** {@code STAFFROOM_SANDBOX}: auto (on only with no tokens at all), on, or off. */
    enum Switch {
        AUTO,
        ON,
        OFF
    }

    private final Connectors connectors;
    private final Switch setting;
    private final boolean allowRemote;

    SandboxAccess(Connectors connectors, SandboxSettings settings) {
        this.connectors = connectors;
        this.setting = parse(settings.mode());
        this.allowRemote = settings.allowRemote();
    }

    private static Switch parse(String value) {
        String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "", "auto" -> Switch.AUTO;
            case "on", "true", "yes" -> Switch.ON;
            case "off", "false", "no" -> Switch.OFF;
            default ->
                throw new IllegalArgumentException(
                        "STAFFROOM_SANDBOX must be auto, on or off (it is '" + value + "').");
        };
    }

    /** True when the sandbox page, its API and its files answer at all. */
    public boolean enabled() {
        Set<Platform> simulated = connectors.sandboxed();
        if (simulated.isEmpty()) return false;
        return switch (setting) {
            case OFF -> false;
            case ON -> true;
            case AUTO -> !anyLive();
        };
    }

    /** Sign-in links only while nothing is live: a sandbox person stands for nobody real then. */
    public boolean issuesSignInLinks() {
        return enabled() && !anyLive();
    }

    /** Whether callers other than this machine itself may use it. */
    public boolean allowsRemote() {
        return allowRemote;
    }

    /** True if {@code platform} is stood in for by the sandbox (its events come from the page). */
    public boolean simulates(Platform platform) {
        return connectors.sandboxed().contains(platform);
    }

    private boolean anyLive() {
        return connectors.sandboxed().size() < connectors.platforms().size();
    }
}
