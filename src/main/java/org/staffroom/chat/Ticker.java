package org.staffroom.chat;

import java.time.Clock;
import javax.sql.DataSource;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.provider.jdbctemplate.JdbcTemplateLockProvider;
import net.javacrumbs.shedlock.spring.annotation.EnableSchedulerLock;
import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Publishes a {@link Tick} every {@code staffroom.ticker.interval} (default 30 s). With several
 * instances on one database, a ShedLock lock makes one of them tick. Tests turn the timer off
 * ({@code staffroom.ticker.enabled=false}) and call {@link #tickNow()} after moving their clock.
 */
@Component
public class Ticker {

    private static final Logger log = LoggerFactory.getLogger(Ticker.class);

    private final ChatListeners listeners;
    private final Clock clock;
    private final boolean enabled;

    Ticker(ChatListeners listeners, Clock clock, TickerProperties timers) {
        this.listeners = listeners;
        this.clock = clock;
        this.enabled = timers.enabled();
    }

    @Scheduled(
            fixedDelayString = "${staffroom.ticker.interval:30s}",
            initialDelayString = "${staffroom.ticker.initial-delay:5s}",
            scheduler = Scheduling.TICK)
    @SchedulerLock(name = "staffroom-tick", lockAtMostFor = "10m", lockAtLeastFor = "5s")
    void scheduledTick() {
        if (!enabled) return;
        try {
            tickNow();
        } catch (RuntimeException e) {
            log.error("Scheduled work failed", e);
        }
    }

    /**
     * Runs scheduled work for the clock's current time, now, on this thread. Each feature's work runs
     * on its own: one failing is logged and the others still run.
     */
    public void tickNow() {
        for (ChatListeners.Failure f : listeners.deliver(new Tick(clock.instant()), null)) {
            log.error("Scheduled work in {} failed", f.listener(), f.error());
        }
    }

    @Configuration
    @EnableConfigurationProperties(TickerProperties.class)
    @EnableSchedulerLock(defaultLockAtMostFor = "10m")
    static class Locking {
        @Bean
        LockProvider lockProvider(DataSource dataSource) {
            return new JdbcTemplateLockProvider(JdbcTemplateLockProvider.Configuration.builder()
                    .withJdbcTemplate(new JdbcTemplate(dataSource))
                    .usingDbTime()
                    .build());
        }
    }
}
