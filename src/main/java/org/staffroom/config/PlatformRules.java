package org.staffroom.config;

import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;
import org.staffroom.config.spi.SpaceRules;

/**
 * The space rules every adapter on the class path registered ({@link SpaceRules}), by platform
 * name in alphabetical order, so messages list the platforms the same way on every machine.
 */
final class PlatformRules {

    private static final Map<String, SpaceRules> BY_NAME = load();

    private PlatformRules() {}

    private static Map<String, SpaceRules> load() {
        Map<String, SpaceRules> out = new TreeMap<>();
        for (SpaceRules rules : ServiceLoader.load(SpaceRules.class, SpaceRules.class.getClassLoader())) {
            SpaceRules before = out.putIfAbsent(rules.platform().id(), rules);
            if (before != null && before.getClass() != rules.getClass()) {
                throw new IllegalStateException("two adapters give rules for "
                        + rules.platform().label() + ": " + before.getClass().getName() + " and "
                        + rules.getClass().getName());
            }
        }
        return java.util.Collections.unmodifiableMap(out);
    }

    static Optional<SpaceRules> of(String platformName) {
        return Optional.ofNullable(BY_NAME.get(platformName.trim().toLowerCase(java.util.Locale.ROOT)));
    }

    static Optional<SpaceRules> of(Platform platform) {
        return Optional.ofNullable(BY_NAME.get(platform.id()));
    }

    /** The platform names, e.g. "discord, slack". */
    static String names() {
        return String.join(", ", BY_NAME.keySet());
    }

    /** Every key any platform's spaces use for their id ("guild", "team", …). */
    static java.util.List<String> idKeys() {
        return BY_NAME.values().stream().map(SpaceRules::idKey).distinct().toList();
    }
}
