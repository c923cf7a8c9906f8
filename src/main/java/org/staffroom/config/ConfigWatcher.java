package org.staffroom.config;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Checks bot-config for edits every few seconds. Polling a digest (rather than a file-system
 * watch) also notices edits made through editors that replace files and on network mounts.
 */
@Component
class ConfigWatcher implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ConfigWatcher.class);

    private final TrustConfig config;
    private final Duration interval;
    private ScheduledExecutorService timer;

    ConfigWatcher(TrustConfig config, ConfigProperties properties) {
        this.config = config;
        this.interval = properties.configCheckInterval();
    }

    @Override
    public synchronized void start() {
        if (interval.isZero() || interval.isNegative()) return;
        timer = Pools.timer("config-watcher-"); // one fixed-delay check: nothing can pile up
        timer.scheduleWithFixedDelay(this::check, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void check() {
        try {
            config.reloadIfChanged();
        } catch (RuntimeException e) {
            log.error("Checking the configuration folder failed", e);
        }
    }

    @Override
    public synchronized void stop() {
        if (timer != null) timer.shutdownNow();
        timer = null;
    }

    @Override
    public synchronized boolean isRunning() {
        return timer != null;
    }
}
