package org.staffroom.reliability;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.staffroom.StaffroomApplication;
import org.staffroom.chat.Chat;
import org.staffroom.chat.Ticker;
import org.staffroom.testing.MutableClock;
import org.staffroom.testing.Postgres;
import org.staffroom.testing.TestClockConfiguration;

/**
 * Several Staffroom instances (separate Spring contexts in this JVM) on one PostgreSQL database,
 * started with the {@code postgres} profile exactly as production would be (the database named by
 * {@code STAFFROOM_DB_URL}). The PostgreSQL 18 server is embedded (Maven Central's binaries, on
 * loopback) and shared by every cluster in the JVM; each cluster gets a database of its own.
 */
final class Cluster implements AutoCloseable {

    private static EmbeddedPostgres postgres;

    private final String jdbcUrl;
    private final List<String> args;
    private final List<ConfigurableApplicationContext> running = new CopyOnWriteArrayList<>();
    private int started;

    Cluster(List<String> args) {
        this.jdbcUrl = newDatabase();
        this.args = List.copyOf(args);
    }

    static synchronized EmbeddedPostgres postgres() {
        if (postgres == null) {
            postgres = Postgres.startUntilExit(EmbeddedPostgres.builder().setServerConfig("max_connections", "300"));
        }
        return postgres;
    }

    private static String newDatabase() {
        return Postgres.newDatabase(postgres(), "staffroom");
    }

    String jdbcUrl() {
        return jdbcUrl;
    }

    /** Starts one more instance and returns it. */
    ConfigurableApplicationContext start() {
        int n;
        synchronized (this) {
            n = ++started;
        }
        List<String> all = new ArrayList<>(args);
        all.add("--spring.profiles.active=postgres");
        all.add("--STAFFROOM_DB_URL=" + jdbcUrl);
        all.add("--STAFFROOM_DB_USER=postgres");
        all.add("--STAFFROOM_DB_PASSWORD=postgres");
        all.add("--STAFFROOM_DB_POOL=6");
        all.add("--server.port=0");
        all.add("--spring.application.name=staffroom-" + n);
        all.add("--staffroom.config-check-interval=0s");
        all.add("--staffroom.ticker.enabled=false");
        all.add("--spring.main.allow-bean-definition-overriding=true");
        all.add("--spring.main.banner-mode=off");
        ConfigurableApplicationContext app = new SpringApplicationBuilder(
                        StaffroomApplication.class, TestClockConfiguration.class, ReliabilityWiring.class)
                .run(all.toArray(String[]::new));
        running.add(app);
        return app;
    }

    /** Starts {@code n} instances, the first alone (it migrates the database), the rest side by side. */
    List<ConfigurableApplicationContext> start(int n) {
        List<ConfigurableApplicationContext> out = new ArrayList<>();
        if (running.isEmpty() && n > 0) {
            out.add(start());
            n--;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, n));
        try {
            List<CompletableFuture<ConfigurableApplicationContext>> starting = new ArrayList<>();
            for (int i = 0; i < n; i++) starting.add(CompletableFuture.supplyAsync(this::start, pool));
            starting.forEach(f -> out.add(f.join()));
        } finally {
            pool.shutdown();
        }
        return out;
    }

    List<ConfigurableApplicationContext> instances() {
        return List.copyOf(running);
    }

    /** Stops an instance (gracefully: its locks and gateway lease are released). */
    void stop(ConfigurableApplicationContext app) {
        running.remove(app);
        app.close();
    }

    void stopAll() {
        for (ConfigurableApplicationContext app : List.copyOf(running)) stop(app);
    }

    /** Every instance's clock reads {@code local} in {@code zone}. */
    void setTime(LocalDateTime local, ZoneId zone) {
        for (ConfigurableApplicationContext app : running)
            app.getBean(MutableClock.class).set(local, zone);
    }

    /** Every instance runs its scheduled work now, all at the same moment (no lock: the claims must hold). */
    void tickAll() {
        List<CompletableFuture<Void>> ticks = new ArrayList<>();
        for (ConfigurableApplicationContext app : running) {
            ticks.add(CompletableFuture.runAsync(() -> app.getBean(Ticker.class).tickNow()));
        }
        ticks.forEach(CompletableFuture::join);
    }

    /** Waits until every post recorded by any instance has been sent (or failed). */
    boolean awaitDelivered(Duration timeout) {
        return running.get(0).getBean(Chat.class).awaitDelivered(timeout);
    }

    static String name(ConfigurableApplicationContext app) {
        return app.getEnvironment().getProperty("spring.application.name", "?").toLowerCase(Locale.ROOT);
    }

    @Override
    public void close() {
        stopAll();
    }
}
