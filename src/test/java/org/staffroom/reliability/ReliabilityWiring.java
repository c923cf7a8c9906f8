package org.staffroom.reliability;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import org.staffroom.approvals.ReviewContent;
import org.staffroom.chat.ChatEvent;
import org.staffroom.chat.Message;
import org.staffroom.chat.PlatformReconnected;

/**
 * What the reliability suite adds to an application under test: a subject that can be put through
 * approvals (so review cards, reactions and decisions run through the real adapters), and
 * {@link Effects}, a feature that counts what it was handed (to count duplicate effects) and can be
 * told to stall like a slow database write or to throw.
 */
@TestConfiguration(proxyBeanMethods = false)
public class ReliabilityWiring {

    /** The subject kind of reviews the suite opens. */
    public static final String SUBJECT = "reliability";

    @Bean
    ReviewContent reliabilitySubject() {
        return new ReviewContent() {
            @Override
            public String kind() {
                return SUBJECT;
            }

            @Override
            public String title(String subjectId, Locale locale) {
                return "Test post " + subjectId;
            }

            @Override
            public Message card(String subjectId, Locale locale) {
                return Message.of("A post to approve (" + subjectId + ")");
            }
        };
    }

    @Bean
    Effects reliabilityEffects(JdbcClient jdbc, TransactionTemplate tx) {
        return new Effects(jdbc, tx);
    }

    /** A stand-in feature. Read it through its methods: it may be proxied. */
    public static class Effects {
        private final JdbcClient jdbc;
        private final TransactionTemplate tx;
        private final Map<String, AtomicInteger> handled = new ConcurrentHashMap<>();
        private final List<PlatformReconnected> reconnects = new java.util.concurrent.CopyOnWriteArrayList<>();
        private volatile Instant stallUntil = Instant.MIN;
        /** Handling of messages marked {@code [hold]} waits for this (a process about to be killed mid-way). */
        public static volatile java.util.concurrent.CountDownLatch hold = new java.util.concurrent.CountDownLatch(0);

        Effects(JdbcClient jdbc, TransactionTemplate tx) {
            this.jdbc = jdbc;
            this.tx = tx;
        }

        @EventListener
        void on(ChatEvent event) {
            if (event instanceof ChatEvent.MessagePosted m
                    && m.text() != null
                    && m.text().contains("[hold]")) {
                try {
                    hold.await(60, java.util.concurrent.TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            handled.computeIfAbsent(key(event), k -> new AtomicInteger()).incrementAndGet();
            if (event instanceof ChatEvent.MessagePosted m) {
                if (m.text() != null && m.text().contains("[slow]")) slowWrite();
                if (m.text() != null && m.text().contains("[boom]")) {
                    throw new IllegalStateException("a feature failed on purpose (reliability test)");
                }
            }
        }

        @EventListener
        void on(PlatformReconnected event) {
            reconnects.add(event);
        }

        /** A write that takes as long as the database is stalled, holding its connection. */
        private void slowWrite() {
            tx.executeWithoutResult(s -> {
                jdbc.sql("select count(*) from inbound_event").query(Long.class).single();
                long wait = Duration.between(Instant.now(), stallUntil).toMillis();
                if (wait > 0) {
                    try {
                        Thread.sleep(wait);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            });
        }

        /** Writes of messages marked {@code [slow]} take until {@code until}. */
        public void stallUntil(Instant until) {
            this.stallUntil = until;
        }

        /** How many times the feature was handed this happening (a message, a person's reaction, a command). */
        public int count(String key) {
            AtomicInteger n = handled.get(key);
            return n == null ? 0 : n.get();
        }

        public Map<String, Integer> counts() {
            Map<String, Integer> out = new java.util.TreeMap<>();
            handled.forEach((k, v) -> out.put(k, v.get()));
            return out;
        }

        public List<PlatformReconnected> reconnects() {
            return List.copyOf(reconnects);
        }

        /** The key of a happening, the same for every delivery of it. */
        public static String key(ChatEvent e) {
            if (e instanceof ChatEvent.MessagePosted m)
                return "posted:" + m.message().key();
            if (e instanceof ChatEvent.ReactionAdded r) {
                return "reaction:" + r.message().key() + ":" + r.actor().user().key() + ":" + r.emoji();
            }
            if (e instanceof ChatEvent.CommandInvoked c)
                return "command:" + c.interaction().id();
            return e.getClass().getSimpleName() + ":" + e.eventId();
        }
    }
}
