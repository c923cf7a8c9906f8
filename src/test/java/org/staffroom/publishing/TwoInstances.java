package org.staffroom.publishing;

import java.time.Instant;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.staffroom.chat.Ticker;
import org.staffroom.testing.MutableClock;

/**
 * The clocks, ticks and publication table of Staffroom instances started side by side on one
 * database (separate application contexts), as the two-instance publishing tests drive them.
 */
final class TwoInstances {

    private TwoInstances() {}

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
