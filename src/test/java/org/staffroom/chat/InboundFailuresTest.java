package org.staffroom.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.context.event.EventListener;
import org.springframework.web.client.RestClient;
import org.staffroom.config.Platform;
import org.staffroom.testing.AdminSession;
import org.staffroom.testing.StaffroomEndToEnd;
import org.staffroom.testing.StaffroomTest;
import org.staffroom.web.LoginLinks;

/**
 * A feature that fails on an inbound event leaves a FAILED row with its error, shown to admins on
 * /admin/inbox, and the inbox tries it again, for that feature only, with a growing wait, a bounded
 * number of times. The other features handle the event all the same. Nothing ends as only a log line.
 */
@StaffroomTest
@Import(InboundFailuresTest.Features.class)
class InboundFailuresTest extends StaffroomEndToEnd {

    /** Two features: one that fails on "[flaky]" messages while it has failures left, one that records. */
    @TestConfiguration
    static class Features {
        final AtomicInteger failuresLeft = new AtomicInteger();
        final AtomicInteger flakyCalls = new AtomicInteger();
        final List<String> recorded = new CopyOnWriteArrayList<>();

        @EventListener
        void flaky(ChatEvent.MessagePosted m) {
            if (!m.text().contains("[flaky]")) return;
            flakyCalls.incrementAndGet();
            if (failuresLeft.getAndDecrement() > 0)
                throw new IllegalStateException("the flaky feature failed on purpose");
        }

        @EventListener
        void recorder(ChatEvent.MessagePosted m) {
            recorded.add(m.eventId());
        }
    }

    static final ChannelRef CHANNEL = new ChannelRef(Platform.SLACK, "T0NWTRUST1", "C0OAKSTAFF1");
    static final Actor BEN = Actor.of(new UserRef(Platform.SLACK, "T0NWTRUST1", "U0BENHUG01"), "Ben");

    @Autowired
    InboundEvents inbound;

    @Autowired
    Inbox inbox;

    @Autowired
    Features features;

    @Autowired
    LoginLinks links;

    private long post(String eventId, String ts, String text) throws Exception {
        var event = new ChatEvent.MessagePosted(
                eventId, clock.instant(), BEN, new MessageRef(CHANNEL, ts, null), text, null, false);
        InboundEvents.Acceptance a = inbound.accept(event);
        a.processed().get(10, TimeUnit.SECONDS);
        return jdbc.sql("select id from inbound_event where event_key = ?")
                .param("slack:" + eventId)
                .query(Long.class)
                .single();
    }

    private Map<String, Object> row(long id) {
        return jdbc.sql("select state, attempts, last_error, next_attempt_at, payload from inbound_event where id = ?")
                .param(id)
                .query()
                .singleRow();
    }

    private void retryDue() throws Exception {
        for (CompletableFuture<Void> f : inbox.retryFailed()) f.get(10, TimeUnit.SECONDS);
    }

    private String adminPage() {
        return RestClient.create("http://localhost:" + port)
                .get()
                .uri("/admin/inbox")
                .header("Cookie", AdminSession.cookie(port, links))
                .retrieve()
                .body(String.class);
    }

    @Test
    void aFailingListenerLeavesAFailedRowAdminsSeeAndItIsTriedAgainForThatFeatureOnly() throws Exception {
        features.failuresLeft.set(1);
        long id = post("EvFlaky1", "1700000000.000901", "[flaky] hello");

        Map<String, Object> failed = row(id);
        assertThat(failed.get("STATE")).isEqualTo("FAILED");
        assertThat(failed.get("ATTEMPTS")).isEqualTo(1);
        assertThat((String) failed.get("LAST_ERROR"))
                .contains("InboundFailuresTest$Features.flaky")
                .contains("IllegalStateException: the flaky feature failed on purpose");
        assertThat(failed.get("NEXT_ATTEMPT_AT")).isNotNull();
        // The other feature handled the event all the same.
        assertThat(features.recorded).containsOnlyOnce("EvFlaky1");

        String page = adminPage();
        assertThat(page)
                .contains("slack:EvFlaky1")
                .contains("the flaky feature failed on purpose")
                .doesNotContain("[flaky] hello");

        // Not before its wait is over; then once, to the failing feature only.
        clock.advance(Duration.ofSeconds(59));
        retryDue();
        assertThat(features.flakyCalls).hasValue(1);
        clock.advance(Duration.ofSeconds(1));
        retryDue();
        assertThat(features.flakyCalls).hasValue(2);
        assertThat(row(id).get("STATE")).isEqualTo("DONE");
        assertThat(row(id).get("PAYLOAD")).isEqualTo("{}");
        assertThat(features.recorded).containsOnlyOnce("EvFlaky1");
    }

    @Test
    void aFeatureThatKeepsFailingIsTriedABoundedNumberOfTimesWithAGrowingWaitThenShownAsGivenUp() throws Exception {
        features.failuresLeft.set(Integer.MAX_VALUE);
        features.flakyCalls.set(0);
        long id = post("EvFlaky2", "1700000000.000902", "[flaky] again");
        Instant last = clock.instant();
        List<Duration> waits = new java.util.ArrayList<>();
        while (row(id).get("NEXT_ATTEMPT_AT") != null) {
            Instant next = ((java.time.OffsetDateTime) row(id).get("NEXT_ATTEMPT_AT")).toInstant();
            waits.add(Duration.between(last, next));
            clock.set(next);
            last = next;
            retryDue();
        }
        assertThat(waits)
                .containsExactly(
                        Duration.ofMinutes(1), Duration.ofMinutes(4), Duration.ofMinutes(16), Duration.ofMinutes(64));
        assertThat(features.flakyCalls).hasValue(Inbox.MAX_ATTEMPTS);
        Map<String, Object> given = row(id);
        assertThat(given.get("STATE")).isEqualTo("FAILED");
        assertThat(given.get("ATTEMPTS")).isEqualTo(Inbox.MAX_ATTEMPTS);
        // What people wrote is not kept once there are no more tries.
        assertThat(given.get("PAYLOAD")).isEqualTo("{}");
        clock.advance(Duration.ofDays(1));
        retryDue();
        assertThat(features.flakyCalls).hasValue(Inbox.MAX_ATTEMPTS);
        assertThat(adminPage()).contains("slack:EvFlaky2").contains("no more tries");
    }
}
