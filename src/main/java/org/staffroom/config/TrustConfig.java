package org.staffroom.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Service;

/**
 * The configuration in force. Loaded at start (a bad config stops the service with every problem
 * listed); re-read when the folder changes, keeping the last good configuration when an edit is bad.
 */
@Service
public class TrustConfig implements EnvironmentAware {

    private static final Logger log = LoggerFactory.getLogger(TrustConfig.class);

    private final Path dir;
    private final String label;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final AtomicReference<StaffroomConfig> current = new AtomicReference<>();
    private final AtomicReference<ConfigRefused> lastRefused = new AtomicReference<>();
    private volatile String fingerprint;
    /** The port the web server listens on, once it does; until then server.port. */
    private volatile int servedPort = -1;

    private volatile int configuredPort = 8080;

    public TrustConfig(ConfigProperties properties, ApplicationEventPublisher events, Clock clock) {
        this.label = properties.configDir();
        this.dir = Path.of(properties.configDir());
        this.events = events;
        this.clock = clock;
        this.fingerprint = fingerprint();
        StaffroomConfig loaded = ConfigLoader.load(dir, label);
        current.set(loaded);
        log.info(
                "Configuration loaded from {}: trust '{}', {} schools, {} people",
                label,
                loaded.trust().name(),
                loaded.schools().size(),
                loaded.people().size());
    }

    /** The configuration in force now. Callers should not keep it: a reload replaces it. */
    public StaffroomConfig get() {
        return current.get();
    }

    /**
     * The web root links in chat and feeds start with, without a trailing slash: trust.yml's
     * {@code web.base-url} when set, otherwise the address Staffroom is actually serving on this machine.
     */
    public String baseUrl() {
        String set = get().trust().web().baseUrl();
        return set != null ? set : localUrl();
    }

    /** This machine's own address for the web server (what the sandbox and a local dashboard use). */
    public String localUrl() {
        return "http://localhost:" + (servedPort > 0 ? servedPort : configuredPort);
    }

    @Override
    public void setEnvironment(Environment environment) {
        Integer port = environment.getProperty("server.port", Integer.class);
        if (port != null && port > 0) configuredPort = port;
    }

    @EventListener
    void served(WebServerInitializedEvent event) {
        if (event.getApplicationContext().getServerNamespace() != null) return; // a separate management port
        servedPort = event.getWebServer().getPort();
        String base = baseUrl();
        log.info(
                "Web pages at {}/ (dashboard; sign in with /staffroom login in chat); links in chat use {}{}",
                localUrl(),
                base,
                get().trust().web().baseUrl() == null
                        ? " (web.base-url is unset in trust.yml)"
                        : " (trust.yml web.base-url)");
    }

    public Optional<ConfigRefused> lastRefused() {
        return Optional.ofNullable(lastRefused.get());
    }

    public String directoryLabel() {
        return label;
    }

    /** Re-reads the folder if any file changed since the last read. Returns true if a new config took effect. */
    public synchronized boolean reloadIfChanged() {
        String now = fingerprint();
        if (now.equals(fingerprint)) return false;
        fingerprint = now;
        return reload();
    }

    /** Re-reads the folder now. A bad edit is refused and logged; the last good config stays. */
    public synchronized boolean reload() {
        try {
            StaffroomConfig next = ConfigLoader.load(dir, label);
            StaffroomConfig previous = current.getAndSet(next);
            lastRefused.set(null);
            log.info("Configuration reloaded from {}", label);
            events.publishEvent(new ConfigReloaded(previous, next));
            return true;
        } catch (InvalidConfigException e) {
            lastRefused.set(new ConfigRefused(clock.instant(), e.problems()));
            log.warn("Configuration edit refused; the previous configuration stays in force.\n{}", e.getMessage());
            return consentDespite(e.problems());
        }
    }

    /**
     * A refused edit still brings in every good new line of consent.yml: the lists in force become
     * the old ones plus what the edit added (names it removed stay listed until the edit is fixed,
     * the safe side). Announced as {@link ConfigReloaded} so posts are re-checked at once, and as
     * {@link ConsentRefused} so admins and approvers hear what was kept out.
     */
    private boolean consentDespite(List<ConfigProblem> problems) {
        Optional<ConfigLoader.ConsentDespite> despite = ConfigLoader.consentDespite(dir, label, problems);
        StaffroomConfig before = current.get();
        Map<String, List<String>> merged = new LinkedHashMap<>();
        for (School school : before.schools()) {
            Set<String> names = new LinkedHashSet<>(before.noConsentNames(school.id()));
            despite.ifPresent(d -> names.addAll(d.partial().noConsentNames(school.id())));
            if (!names.isEmpty() || before.noConsent().containsKey(school.id()))
                merged.put(school.id(), List.copyOf(names));
        }
        boolean changed = !merged.equals(before.noConsent());
        boolean consentProblems =
                problems.stream().anyMatch(p -> p.location().file().endsWith("consent.yml"));
        if (changed) {
            StaffroomConfig next = before.withNoConsent(merged);
            current.set(next);
            log.warn(
                    "The refused edit's good consent.yml lines took effect anyway: {} name(s) added to the no-media-consent lists",
                    merged.values().stream().mapToInt(List::size).sum()
                            - before.noConsent().values().stream()
                                    .mapToInt(List::size)
                                    .sum());
            events.publishEvent(new ConfigReloaded(before, next));
        }
        if (changed || consentProblems) {
            events.publishEvent(new ConsentRefused(
                    clock.instant(),
                    problems,
                    despite.map(ConfigLoader.ConsentDespite::schoolsWithProblems)
                            .orElse(List.of()),
                    changed));
        }
        return changed;
    }

    /** A digest of the names, sizes and contents of the folder's files, to notice any edit. */
    private String fingerprint() {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            if (Files.isDirectory(dir)) {
                try (Stream<Path> files = Files.list(dir)) {
                    for (Path p : files.sorted().toList()) {
                        if (!Files.isRegularFile(p)) continue;
                        md.update(p.getFileName().toString().getBytes());
                        md.update(Files.readAllBytes(p));
                    }
                }
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException | NoSuchAlgorithmException e) {
            return "unreadable:" + e.getMessage();
        }
    }
}
