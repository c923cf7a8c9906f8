package org.staffroom.chat;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * Two schedulers, so the tick never delays the timers that must keep their rhythm. The tick (every
 * module's scheduled work under the ShedLock lock, webhook POSTs with 10 s timeouts included) runs
 * on {@link #TICK}, a thread of its own; every other {@code @Scheduled} method (the PD chat relay's
 * one-second flush) runs on {@code taskScheduler}. Spring Boot's default is one scheduler thread for
 * all, and with virtual threads on its scheduler still runs fixed-delay tasks on its one timer thread.
 * Scheduler threads are platform threads: there are three, and they time work rather than wait on I/O.
 */
@Configuration(proxyBeanMethods = false)
class Scheduling {

    /** The tick's scheduler, named in {@link Ticker}'s {@code @Scheduled}. */
    static final String TICK = "tickScheduler";

    /** Shutdown waits this long for a timer task already running. */
    private static final int SHUTDOWN_WAIT_SECONDS = 10;

    /** The default scheduler (the name Spring looks for): the relay flush and any other timer. */
    @Bean(name = "taskScheduler")
    ThreadPoolTaskScheduler taskScheduler() {
        return scheduler("timer-", 2);
    }

    @Bean(name = TICK)
    TaskScheduler tickScheduler() {
        return scheduler("tick-", 1);
    }

    private static ThreadPoolTaskScheduler scheduler(String prefix, int threads) {
        ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
        scheduler.setPoolSize(threads);
        scheduler.setThreadNamePrefix(prefix);
        scheduler.setDaemon(true);
        scheduler.setWaitForTasksToCompleteOnShutdown(true);
        scheduler.setAwaitTerminationSeconds(SHUTDOWN_WAIT_SECONDS);
        return scheduler;
    }
}
