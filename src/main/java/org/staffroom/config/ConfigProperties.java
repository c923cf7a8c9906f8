package org.staffroom.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where bot-config lives and how often it is checked for edits.
 *
 * @param configDir folder with the YAML files (env STAFFROOM_CONFIG_DIR)
 * @param configCheckInterval how often the folder is checked for edits; zero turns watching off
 */
@ConfigurationProperties("staffroom")
public record ConfigProperties(
        @DefaultValue("bot-config") String configDir,
        @DefaultValue("2s") Duration configCheckInterval) {}
