package org.staffroom.chat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;
import org.staffroom.chat.spi.ConnectorStatus;
import org.staffroom.chat.spi.PlatformConnector;
import org.staffroom.config.Platform;

/**
 * Which adapter serves each platform: the real one when its tokens are configured, otherwise the
 * local sandbox, so every workflow works on a new machine with nothing set up.
 */
@Component
public class Connectors {

    private final Map<Platform, PlatformConnector> byPlatform = new LinkedHashMap<>();

    Connectors(List<PlatformConnector> connectors) {
        for (PlatformConnector c : connectors) {
            for (Platform p : c.platforms()) {
                PlatformConnector current = byPlatform.get(p);
                if (current == null || (current.isSandbox() && !c.isSandbox())) byPlatform.put(p, c);
            }
        }
    }

    PlatformConnector forPlatform(Platform platform) {
        PlatformConnector c = byPlatform.get(platform);
        if (c == null) throw new IllegalStateException("no connector serves " + platform.label());
        return c;
    }

    /** Every platform some connector serves, real or sandbox. */
    public Set<Platform> platforms() {
        return Set.copyOf(byPlatform.keySet());
    }

    /** The platforms the local sandbox stands in for (those with no tokens configured). */
    public Set<Platform> sandboxed() {
        return byPlatform.entrySet().stream()
                .filter(e -> e.getValue().isSandbox())
                .map(Map.Entry::getKey)
                .collect(Collectors.toUnmodifiableSet());
    }

    /** Each platform's connection state, for health checks and the dashboard. */
    public Map<Platform, ConnectorStatus> statuses() {
        Map<Platform, ConnectorStatus> out = new LinkedHashMap<>();
        byPlatform.forEach((p, c) -> out.put(p, c.status()));
        return out;
    }
}
