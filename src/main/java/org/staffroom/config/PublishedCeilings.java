package org.staffroom.config;

import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;
import org.staffroom.config.spi.NetworkCeilings;

/**
 * The networks' own limits every publishing adapter on the class path registered ({@link
 * NetworkCeilings}), by network id: what policy.yml may tighten but never loosen.
 */
final class PublishedCeilings {

    private static final Map<String, NetworkCeilings.Ceiling> BY_NETWORK = load();

    private PublishedCeilings() {}

    private static Map<String, NetworkCeilings.Ceiling> load() {
        Map<String, NetworkCeilings.Ceiling> out = new TreeMap<>();
        for (NetworkCeilings source :
                ServiceLoader.load(NetworkCeilings.class, NetworkCeilings.class.getClassLoader())) {
            for (NetworkCeilings.Ceiling c : source.ceilings()) {
                NetworkCeilings.Ceiling before = out.putIfAbsent(c.network(), c);
                if (before != null && !before.equals(c))
                    throw new IllegalStateException("two adapters give limits for " + c.label());
            }
        }
        return java.util.Collections.unmodifiableMap(out);
    }

    static Optional<NetworkCeilings.Ceiling> of(String network) {
        return Optional.ofNullable(BY_NETWORK.get(network));
    }
}
