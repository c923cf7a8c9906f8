package org.staffroom.discord;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.sql.DataSource;
import net.dv8tion.jda.api.JDA;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.staffroom.chat.CommandCatalog;
import org.staffroom.chat.InboundEvents;
import org.staffroom.chat.Texts;
import org.staffroom.chat.spi.ConnectorStatus;
import org.staffroom.config.Pools;
import org.staffroom.directory.Directory;

/**
 * What the reliability suite ({@code org.staffroom.reliability}) may see of the Discord adapter's
 * insides, which are package-private: the gateway session counters, the IDENTIFY guard, and
 * whole clients it can start and "crash" to simulate a process in a crash loop.
 */
public final class DiscordProbe {

    private DiscordProbe() {}

    public static long resumed(ApplicationContext app) {
        return app.getBean(GatewaySessions.class).resumedCount();
    }

    public static long recreated(ApplicationContext app) {
        return app.getBean(GatewaySessions.class).recreatedCount();
    }

    public static long identified(ApplicationContext app) {
        return app.getBean(GatewaySessions.class).identifiedCount();
    }

    /** A gateway lease as the adapter takes it, under its own lock name. */
    public static Lease lease(DataSource dataSource, Duration ttl, String name) {
        return new Lease(GatewayLease.on(dataSource, ttl, name));
    }

    /** The gateway lease seen from a test. */
    public static final class Lease {
        private final GatewayLease lease;

        Lease(GatewayLease lease) {
            this.lease = lease;
        }

        public boolean takeOrRenew() {
            return lease.takeOrRenew();
        }

        public void release() {
            lease.release();
        }
    }

    /** The nonce a post under {@code key} is sent with. */
    public static String nonce(String key) {
        return DiscordConnector.nonce(key);
    }

    public static boolean holdsGateway(ApplicationContext app) {
        return app.getBean(DiscordClient.class).holdsGateway();
    }

    /** The IDENTIFY guard as the application builds it, on {@code dataSource}, reading time from {@code clock}. */
    public static Guard guard(DataSource dataSource, Duration identifyDelay, int maxPerDay, Clock clock) {
        return new Guard(
                new IdentifyGuard(new DiscordStore(JdbcClient.create(dataSource)), identifyDelay, maxPerDay, clock));
    }

    /** The IDENTIFY guard seen from a test. */
    public static final class Guard {
        final IdentifyGuard guard;

        Guard(IdentifyGuard guard) {
            this.guard = guard;
        }

        /** Until an IDENTIFY may go (zero: now). */
        public Duration untilAllowed() {
            return guard.untilAllowed();
        }

        /** IDENTIFYs recorded in the last 24 hours of the guard's clock. */
        public long usedToday() {
            return guard.usedToday();
        }

        /** Records an IDENTIFY now if the guard allows it (as JDA's session controller asks it to). */
        public boolean identify() {
            try {
                guard.beforeIdentify();
                return true;
            } catch (IdentifyGuard.Exhausted e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }

        /** The spacing after {@code used} IDENTIFYs in a day. */
        public Duration gap(long used) {
            return guard.gap(used);
        }
    }

    /**
     * A whole Discord client as a new process would build it (its own listener, the application's
     * other parts), whose IDENTIFYs pass {@code guard}. It holds the gateway without a lease.
     */
    public static Process process(ApplicationContext app, Guard guard) {
        DiscordProperties properties = app.getBean(DiscordProperties.class);
        ExecutorService background = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "discord-probe-background");
            t.setDaemon(true);
            return t;
        });
        GatewaySessions sessions = new GatewaySessions(null);
        // Its own interactions: the application's keep answering through the application's client.
        Interactions interactions = new Interactions(
                app.getBean(InboundEvents.class),
                app.getBean(Texts.class),
                properties.interactionWait(),
                Pools.virtual(app.getEnvironment()));
        DiscordListener listener = new DiscordListener(
                new EventMapper(app.getBean(Clock.class), app.getBean(CommandCatalog.class)),
                app.getBean(InboundEvents.class),
                interactions,
                app.getBean(CommandRegistrar.class),
                app.getBean(CustomIds.class),
                app.getBean(CommandCatalog.class),
                app.getBean(Directory.class),
                app.getBean(Texts.class),
                sessions,
                background,
                event -> {});
        GatewayLookup lookup = new GatewayLookup(properties.apiUrl(), guard.guard);
        DiscordClient client = new DiscordClient(
                properties,
                DiscordProperties.token(app.getEnvironment()),
                listener,
                lookup,
                sessions,
                guard.guard,
                interactions,
                app.getBean(CommandRegistrar.class),
                app.getBean(DiscordStore.class),
                GatewayLease.always());
        return new Process(client, background, interactions);
    }

    /** A simulated process: started, then killed without a word to Discord. */
    public static final class Process {
        private final DiscordClient client;
        private final ExecutorService background;
        private final Interactions interactions;

        Process(DiscordClient client, ExecutorService background, Interactions interactions) {
            this.client = client;
            this.background = background;
            this.interactions = interactions;
        }

        public void start() {
            client.start();
        }

        public ConnectorStatus status() {
            return client.status();
        }

        /** Dies: the session is dropped without closing it, nothing is released. */
        public void crash() {
            JDA jda = client.jdaIfStarted();
            if (jda != null) jda.shutdownNow();
            client.stop();
            background.shutdownNow();
            interactions.shutdown();
        }
    }
}
