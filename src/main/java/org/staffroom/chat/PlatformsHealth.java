package org.staffroom.chat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.staffroom.chat.spi.ConnectorStatus;
import org.staffroom.config.Platform;

/**
 * A health component per platform ("platforms.slack", "platforms.discord") from its adapter's
 * state. Components and details are shown to admins only (application.properties).
 */
@Configuration
class PlatformsHealth {

    @Bean
    CompositeHealthContributor platforms(Connectors connectors) {
        Map<String, HealthIndicator> indicators = new LinkedHashMap<>();
        for (Platform p : connectors.platforms()) {
            indicators.put(p.id(), () -> {
                ConnectorStatus s = connectors.statuses().get(p);
                if (s == null) return Health.unknown().build();
                Health.Builder b = switch (s.state()) {
                    case UP -> Health.up();
                    case CONNECTING -> Health.outOfService();
                    case DOWN -> Health.down();
                };
                return b.withDetail("connection", s.detail()).build();
            });
        }
        return CompositeHealthContributor.fromMap(indicators);
    }
}
