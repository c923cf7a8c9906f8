package org.staffroom.config;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionHandler;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.thread.Threading;
import org.springframework.core.env.Environment;
import org.springframework.core.task.VirtualThreadTaskExecutor;

/**
 * The one way Staffroom makes its own pools, so each is named (threads {@code prefix1}, {@code prefix2}…),
 * bounded (a fixed number of threads and a queue of a stated size; beyond it the task is refused with a
 * {@link java.util.concurrent.RejectedExecutionException} the caller handles) and closed by its owner with
 * {@link #close}. Pools whose tasks wait on I/O (HTTP to Slack or Discord, the database) run on virtual
 * threads where the JVM has them and {@code spring.threads.virtual.enabled} is on ({@link #virtual}); the
 * build targets Java 17, so the virtual threads come from Spring's factory, never {@code Thread.ofVirtual}.
 */
public final class Pools {

    private static final Logger log = LoggerFactory.getLogger(Pools.class);

    private Pools() {}

    /** True where virtual threads are on: Java 21+ and {@code spring.threads.virtual.enabled=true}. */
    public static boolean virtual(Environment env) {
        return Threading.VIRTUAL.isActive(env);
    }

    /**
     * {@code threads} platform threads and a queue of {@code queue} tasks; a task beyond both is refused
     * ({@link ThreadPoolExecutor.AbortPolicy}). For work that computes or must keep its order on one thread.
     */
    public static ThreadPoolExecutor bounded(String prefix, int threads, int queue) {
        return pool(threads, queue, Threads.daemon(prefix), new ThreadPoolExecutor.AbortPolicy());
    }

    /**
     * At most {@code threads} tasks at once and {@code queue} waiting, refused beyond: the same contract on
     * every JDK. With {@code virtual}, each task runs on a virtual thread. The pool is then not there to
     * reuse threads (virtual threads are cheap, and idle ones are not kept) but to bound how many requests
     * are in flight and how many wait, which the remote end and the memory care about.
     */
    public static ThreadPoolExecutor io(String prefix, int threads, int queue, boolean virtual) {
        ThreadFactory factory =
                virtual ? new VirtualThreadTaskExecutor(prefix).getVirtualThreadFactory() : Threads.daemon(prefix);
        ThreadPoolExecutor pool = pool(threads, queue, factory, new ThreadPoolExecutor.AbortPolicy());
        if (virtual) pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /**
     * One timer thread. Its delay queue is not bounded: a timer pool holds only the few periodic tasks
     * and per-item timeouts its owner schedules, each owner saying why they cannot pile up. Cancelled
     * tasks leave the queue at once.
     */
    public static ScheduledThreadPoolExecutor timer(String prefix) {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, Threads.daemon(prefix));
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }

    /**
     * Stops taking tasks, lets those queued and running finish for up to {@code wait}, then interrupts
     * what is left. Null is ignored, so an owner that never started can close too.
     */
    public static void close(ExecutorService pool, Duration wait) {
        if (pool == null) return;
        pool.shutdown();
        try {
            if (!pool.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                log.debug("A pool's tasks outlived {}; interrupting them", wait);
                pool.shutdownNow();
            }
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadPoolExecutor pool(
            int threads, int queue, ThreadFactory factory, RejectedExecutionHandler overflow) {
        return new ThreadPoolExecutor(
                threads, threads, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(queue), factory, overflow);
    }
}
