package org.staffroom.testing;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.staffroom.StaffroomApplication;

/**
 * Staffroom started by hand, for tests that stop it and start it again on one database: the properties every
 * such start needs, and the start itself with the test clock.
 */
public final class StaffroomApp {

    private StaffroomApp() {}

    /**
     * A database, a random port, a copy of the sample configuration and a photo folder, no config watching and no
     * automatic ticks; a test adds its own properties to the map.
     */
    public static Map<String, Object> properties(String databaseUrl, Path config, Path files) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("spring.datasource.url", databaseUrl);
        p.put("server.port", "0");
        p.put("staffroom.config-dir", config.toString());
        p.put("staffroom.files.dir", files.toString());
        p.put("staffroom.config-check-interval", "0s");
        p.put("staffroom.ticker.enabled", "false");
        return p;
    }

    /**
     * Starts Staffroom with {@link TestClockConfiguration} and the properties as command-line arguments: they
     * outrank application.properties, where builder properties would only be defaults.
     */
    public static ConfigurableApplicationContext start(Map<String, ?> properties) {
        String[] args = properties.entrySet().stream()
                .map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        return new SpringApplicationBuilder(StaffroomApplication.class, TestClockConfiguration.class).run(args);
    }
}
