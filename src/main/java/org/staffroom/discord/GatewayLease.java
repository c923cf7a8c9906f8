package org.staffroom.discord;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.core.SimpleLock;
import net.javacrumbs.shedlock.provider.jdbctemplate.JdbcTemplateLockProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The right to hold the Discord gateway, for one instance among several on one database: a
 * ShedLock row ({@code discord-gateway}) taken for {@code ttl} and renewed well before it runs out.
 * Two processes identifying the same shard would both receive every event and answer every
 * interaction twice, so only the holder connects; the others stand by and take over when the
 * holder stops (at once) or dies (within {@code ttl}). Each instance locks under its own name, so
 * one can never renew or release another's lease.
 */
class GatewayLease {

    private static final Logger log = LoggerFactory.getLogger(GatewayLease.class);
    static final String NAME = "discord-gateway";

    private final LockProvider provider;
    private final Duration ttl;
    private final String holder;
    private final String name;
    private SimpleLock lock;

    private GatewayLease(LockProvider provider, Duration ttl, String holder, String name) {
        this.provider = provider;
        this.ttl = ttl;
        this.holder = holder;
        this.name = name;
    }

    /** A lease on the shared database. */
    static GatewayLease on(DataSource dataSource, Duration ttl) {
        return on(dataSource, ttl, NAME);
    }

    /** A lease under another lock name (tests). */
    static GatewayLease on(DataSource dataSource, Duration ttl, String name) {
        String holder = "staffroom-" + UUID.randomUUID().toString().substring(0, 8);
        LockProvider provider = new JdbcTemplateLockProvider(JdbcTemplateLockProvider.Configuration.builder()
                .withJdbcTemplate(new JdbcTemplate(dataSource))
                .usingDbTime()
                .withLockedByValue(holder)
                .build());
        return new GatewayLease(provider, ttl, holder, name);
    }

    /** No lease: this instance always holds the gateway ({@code staffroom.discord.gateway-lease=0s}). */
    static GatewayLease always() {
        return new GatewayLease(null, Duration.ZERO, "always", NAME);
    }

    boolean enabled() {
        return provider != null;
    }

    /** How often the holder renews and the others try to take over. */
    Duration renewEvery() {
        return ttl.dividedBy(3);
    }

    /** Takes the lease if free, or renews it if held. True while this instance holds it. */
    synchronized boolean takeOrRenew() {
        if (provider == null) return true;
        try {
            if (lock != null) {
                Optional<SimpleLock> renewed = lock.extend(ttl, Duration.ZERO);
                if (renewed.isPresent()) {
                    lock = renewed.get();
                    return true;
                }
                lock = null;
                log.warn(
                        "The Discord gateway lease ({}) could not be renewed: another instance may hold it now",
                        holder);
                return false;
            }
            Optional<SimpleLock> taken = provider.lock(new LockConfiguration(Instant.now(), name, ttl, Duration.ZERO));
            if (taken.isPresent()) {
                lock = taken.get();
                log.info("This instance ({}) holds the Discord gateway", holder);
                return true;
            }
            return false;
        } catch (RuntimeException e) {
            // The database cannot be asked: better no gateway here than two.
            log.warn("The Discord gateway lease cannot be checked ({}); letting it go", e.toString());
            lock = null;
            return false;
        }
    }

    synchronized boolean held() {
        return provider == null || lock != null;
    }

    synchronized void release() {
        if (lock == null) return;
        try {
            lock.unlock();
        } catch (RuntimeException e) {
            log.debug("Releasing the Discord gateway lease: {}", e.toString());
        }
        lock = null;
    }
}
