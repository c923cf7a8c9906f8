package org.staffroom.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

/** The pool factory's contract: named threads, a fixed bound with a refusal beyond it, and a close that ends them. */
class PoolsTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    @Test
    void aBoundedPoolNamesItsThreadsAndRefusesBeyondThreadsAndQueue() throws Exception {
        ThreadPoolExecutor pool = Pools.bounded("test-bounded-", 2, 3);
        fillAndCheckTheBound(pool, 2, 3, "test-bounded-");
        assertThat(pool.isTerminated()).isTrue();
    }

    @Test
    void anIoPoolKeepsTheSameBoundOnVirtualThreadsWhereTheJvmHasThem() throws Exception {
        MockEnvironment on = new MockEnvironment().withProperty("spring.threads.virtual.enabled", "true");
        boolean virtual = Pools.virtual(on);
        assertThat(virtual)
                .as("virtual threads on Java %d", Runtime.version().feature())
                .isEqualTo(Runtime.version().feature() >= 21);

        ThreadPoolExecutor pool = Pools.io("test-io-", 2, 2, virtual);
        List<Thread> ran = fillAndCheckTheBound(pool, 2, 2, "test-io-");
        for (Thread t : ran)
            assertThat(isVirtual(t)).as("%s is virtual", t.getName()).isEqualTo(virtual);
        if (!virtual) assertThat(ran).allMatch(Thread::isDaemon);
    }

    @Test
    void virtualThreadsAreOffUnlessTheSettingIsOn() {
        assertThat(Pools.virtual(new MockEnvironment())).isFalse();
        assertThat(Pools.virtual(new MockEnvironment().withProperty("spring.threads.virtual.enabled", "false")))
                .isFalse();
    }

    @Test
    void closeInterruptsTasksThatOutliveTheWait() throws Exception {
        ThreadPoolExecutor pool = Pools.bounded("test-stuck-", 1, 1);
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        pool.execute(() -> {
            started.countDown();
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                interrupted.countDown();
            }
        });
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
        Pools.close(pool, Duration.ofMillis(50));
        assertThat(interrupted.await(5, TimeUnit.SECONDS))
                .as("the stuck task was interrupted")
                .isTrue();
        assertThat(pool.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aTimerIsOneNamedDaemonThreadAndForgetsCancelledTasks() throws Exception {
        ScheduledThreadPoolExecutor timer = Pools.timer("test-timer-");
        assertThat(timer.getCorePoolSize()).isEqualTo(1);
        ScheduledFuture<?> later = timer.schedule(() -> {}, 1, TimeUnit.HOURS);
        later.cancel(false);
        assertThat(timer.getQueue()).isEmpty();
        List<Thread> ran = new CopyOnWriteArrayList<>();
        timer.schedule(() -> ran.add(Thread.currentThread()), 1, TimeUnit.MILLISECONDS)
                .get(5, TimeUnit.SECONDS);
        assertThat(ran.get(0).getName()).startsWith("test-timer-");
        assertThat(ran.get(0).isDaemon()).isTrue();
        Pools.close(timer, WAIT);
        assertThat(timer.isTerminated()).isTrue();
    }

    @Test
    void closeIgnoresAPoolNeverMade() {
        Pools.close(null, WAIT);
    }

    /**
     * Occupies every thread and queue slot, checks the next task is refused, then releases them and closes the
     * pool: every task ran, on threads with the prefix, and a closed pool takes nothing more.
     */
    private static List<Thread> fillAndCheckTheBound(ThreadPoolExecutor pool, int threads, int queue, String prefix)
            throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch running = new CountDownLatch(threads);
        List<Thread> ran = new CopyOnWriteArrayList<>();
        Runnable task = () -> {
            ran.add(Thread.currentThread());
            running.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        for (int i = 0; i < threads + queue; i++) pool.execute(task);
        assertThat(running.await(5, TimeUnit.SECONDS))
                .as("%d tasks running", threads)
                .isTrue();
        assertThat(pool.getActiveCount()).isEqualTo(threads);
        assertThat(pool.getQueue()).hasSize(queue);
        assertThatThrownBy(() -> pool.execute(task)).isInstanceOf(RejectedExecutionException.class);

        release.countDown();
        Pools.close(pool, WAIT);
        assertThat(pool.isTerminated()).isTrue();
        assertThat(ran).hasSize(threads + queue).allMatch(t -> t.getName().startsWith(prefix));
        assertThatThrownBy(() -> pool.execute(() -> {})).isInstanceOf(RejectedExecutionException.class);
        return ran;
    }

    /** {@code Thread.isVirtual()} where it exists (Java 21+); the tests compile for 17. */
    private static boolean isVirtual(Thread t) throws Exception {
        try {
            return (boolean) Thread.class.getMethod("isVirtual").invoke(t);
        } catch (NoSuchMethodException e) {
            return false;
        }
    }
}
