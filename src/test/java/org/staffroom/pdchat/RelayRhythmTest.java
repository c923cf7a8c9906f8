package org.staffroom.pdchat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.mockito.Mockito;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;
import org.staffroom.StaffroomApplication;
import org.staffroom.chat.Tick;
import org.staffroom.testing.TestClockConfiguration;

/**
 * The scheduled tick (every module's work, webhook POSTs with 10 s timeouts included) runs on a
 * scheduler of its own: while one tick is blocked for 10 s, the relay's timer flush keeps its
 * one-second rhythm. The tick is held on a latch, and the flushes are timed as they happen.
 */
class RelayRhythmTest {

    static final Duration BLOCKED = Duration.ofSeconds(10);
    static final CountDownLatch tickEntered = new CountDownLatch(1);
    static final CountDownLatch tickLeft = new CountDownLatch(1);
    static final AtomicBoolean firstTick = new AtomicBoolean(true);
    static final AtomicReference<String> tickThread = new AtomicReference<>();
    static final List<Long> flushes = new CopyOnWriteArrayList<>();

    @TestConfiguration(proxyBeanMethods = false)
    static class Timing {

        /** Times every timer flush of the real relay. */
        @Bean
        static BeanPostProcessor timedRelay() {
            return new BeanPostProcessor() {
                @Override
                public Object postProcessAfterInitialization(Object bean, String name) {
                    if (!(bean instanceof Relay relay)) return bean;
                    Relay spy = Mockito.spy(relay);
                    doAnswer(call -> {
                                if (Thread.currentThread().getName().startsWith("timer-"))
                                    flushes.add(System.nanoTime());
                                return call.callRealMethod();
                            })
                            .when(spy)
                            .flushDue(any());
                    return spy;
                }
            };
        }

        /** Holds the first scheduled tick for 10 s, as a webhook POST to an unresponsive receiver would. */
        @Bean
        SlowTick slowTick() {
            return new SlowTick();
        }
    }

    static class SlowTick {
        @EventListener
        void on(Tick tick) throws InterruptedException {
            if (!firstTick.getAndSet(false)) return;
            tickThread.set(Thread.currentThread().getName());
            tickEntered.countDown();
            try {
                new CountDownLatch(1).await(BLOCKED.toMillis(), TimeUnit.MILLISECONDS);
            } finally {
                tickLeft.countDown();
            }
        }
    }

    @Test
    void theRelayFlushKeepsItsOneSecondRhythmWhileATickIsBlocked() throws InterruptedException {
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(
                        StaffroomApplication.class, TestClockConfiguration.class, Timing.class)
                .run(
                        "--spring.datasource.url=jdbc:h2:mem:rhythm-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
                        "--server.port=0",
                        "--staffroom.config-check-interval=0s",
                        "--spring.main.banner-mode=off",
                        "--staffroom.ticker.enabled=true",
                        "--staffroom.ticker.interval=1s",
                        "--staffroom.ticker.initial-delay=0s",
                        "--staffroom.pdchat.relay-flush-interval=1s",
                        "--staffroom.pdchat.relay-flush-initial-delay=0s")) {
            assertThat(tickEntered.await(30, TimeUnit.SECONDS))
                    .as("a scheduled tick ran")
                    .isTrue();
            long from = System.nanoTime();
            assertThat(tickLeft.await(30, TimeUnit.SECONDS)).isTrue();
            long to = System.nanoTime();

            List<Long> during = new ArrayList<>(
                    flushes.stream().filter(t -> t >= from && t <= to).toList());
            long longestGapMs = 0;
            for (int i = 1; i < during.size(); i++)
                longestGapMs = Math.max(longestGapMs, (during.get(i) - during.get(i - 1)) / 1_000_000);
            System.out.printf(
                    "Tick blocked %d ms on %s: %d relay flushes meanwhile, longest gap %d ms%n",
                    (to - from) / 1_000_000, tickThread.get(), during.size(), longestGapMs);

            assertThat((to - from) / 1_000_000).isGreaterThanOrEqualTo(BLOCKED.toMillis() - 100);
            assertThat(tickThread.get()).startsWith("tick-");
            assertThat(during.size()).as("flushes while the tick was blocked").isGreaterThanOrEqualTo(8);
            assertThat(longestGapMs).as("longest gap between flushes").isLessThan(1_800);
        }
    }
}
