package org.staffroom.publishing;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.staffroom.StaffroomApplication;
import org.staffroom.chat.Ticker;
import org.staffroom.testing.MutableClock;
import org.staffroom.testing.TestClockConfiguration;

/**
 * The clocks, ticks and publication table of Staffroom instances started side by side on one
 * database (separate application contexts), as the two-instance publishing tests drive them.
 */
final class TwoInstances {

    private TwoInstances() {}

    /**
     * Starts instance {@code n} on the PostgreSQL database at {@code url} (the {@code postgres} profile, as in
     * production) with the configuration in {@code config}, a test clock and no automatic ticks; {@code more}
     * adds the test's own settings (tokens, platforms).
     */
    static ConfigurableApplicationContext start(int n, String url, Path config, Path files, String... more) {
        List<String> args = new ArrayList<>(List.of(
                "--spring.profiles.active=postgres",
                "--STAFFROOM_DB_URL=" + url,
                "--STAFFROOM_DB_USER=postgres",
                "--STAFFROOM_DB_PASSWORD=",
                "--STAFFROOM_DB_POOL=6",
                "--server.port=0",
                "--spring.application.name=staffroom-" + n,
                "--staffroom.config-dir=" + config,
                "--staffroom.files.dir=" + files,
                "--staffroom.config-check-interval=0s",
                "--staffroom.ticker.enabled=false",
                "--spring.main.banner-mode=off"));
        args.addAll(List.of(more));
        return new SpringApplicationBuilder(StaffroomApplication.class, TestClockConfiguration.class)
                .run(args.toArray(String[]::new));
    }

    /** Sets the clock of every instance still running to {@code at}. */
    static void setClocks(Instant at, ConfigurableApplicationContext... apps) {
        for (ConfigurableApplicationContext app : apps)
            if (app.isActive()) app.getBean(MutableClock.class).set(at);
    }

    /** Moves one instance's clock to {@code at} and runs its scheduled work there. */
    static void tickAt(ConfigurableApplicationContext app, Instant at) {
        app.getBean(MutableClock.class).set(at);
        app.getBean(Ticker.class).tickNow();
    }

    /** The publications matching {@code where}, counted in the database {@code app} shares. */
    static long count(ConfigurableApplicationContext app, String where) {
        return app.getBean(JdbcClient.class)
                .sql("select count(*) from publication where " + where)
                .query(Long.class)
                .single();
    }
}
