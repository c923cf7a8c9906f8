package org.staffroom.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.context.event.EventListener;
import org.staffroom.config.Platform;
import org.staffroom.testing.StaffroomTest;

/** Duplicate inbound events (retries, resumes, re-sent reactions) are recognised and change nothing. */
@StaffroomTest
@Import(InboundEventsTest.Recorder.class)
class InboundEventsTest {

    @TestConfiguration
    static class Recorder {
        final List<ChatEvent> seen = new CopyOnWriteArrayList<>();

        @EventListener
        void on(ChatEvent e) {
            seen.add(e);
        }

        List<ChatEvent> seen() {
            return seen;
        }
    }

    @Autowired
    InboundEvents inbound;

    @Autowired
    Recorder recorder;

    static final ChannelRef CHANNEL = new ChannelRef(Platform.SLACK, "T0NWTRUST1", "C0OAKSTAFF1");
    static final Actor BEN = Actor.of(new UserRef(Platform.SLACK, "T0NWTRUST1", "U0BENHUG01"), "Ben");
    static final Instant T0 = Instant.parse("2026-11-25T09:00:00Z");

    @BeforeEach
    void clear() {
        recorder.seen().clear();
    }

    private void settle(InboundEvents.Acceptance a) throws Exception {
        a.processed().get(5, TimeUnit.SECONDS);
    }

    private long handled(String eventId) {
        return recorder.seen().stream().filter(e -> e.eventId().equals(eventId)).count();
    }

    @Test
    void theSameEventIdTwiceIsHandledOnce() throws Exception {
        var posted = new ChatEvent.MessagePosted(
                "Ev1", T0, BEN, new MessageRef(CHANNEL, "1700000000.000100", null), "hello", null, false);
        var first = inbound.accept(posted);
        var second = inbound.accept(posted);
        settle(first);
        assertThat(first.duplicate()).isFalse();
        assertThat(second.duplicate()).isTrue();
        assertThat(handled("Ev1")).isEqualTo(1);
    }

    @Test
    void theSameMessageUnderANewEventIdIsHandledOnce() throws Exception {
        MessageRef message = new MessageRef(CHANNEL, "1700000000.000200", null);
        settle(inbound.accept(new ChatEvent.MessagePosted("Ev2a", T0, BEN, message, "hello", null, false)));
        var again = inbound.accept(new ChatEvent.MessagePosted("Ev2b", T0, BEN, message, "hello", null, false));
        assertThat(again.duplicate()).isTrue();
        assertThat(handled("Ev2a") + handled("Ev2b")).isEqualTo(1);
    }

    @Test
    void aReactionResentUnderANewIdCountsOnceButRemoveAndAddAgainCount() throws Exception {
        MessageRef card = new MessageRef(CHANNEL, "1700000000.000300", null);
        assertThat(inbound.accept(new ChatEvent.ReactionAdded("R1", T0, BEN, card, "✅"))
                        .duplicate())
                .isFalse();
        assertThat(inbound.accept(new ChatEvent.ReactionAdded("R1-again", T0.plusSeconds(1), BEN, card, "✅"))
                        .duplicate())
                .isTrue();
        assertThat(inbound.accept(new ChatEvent.ReactionRemoved("R2", T0.plusSeconds(5), BEN, card, "✅"))
                        .duplicate())
                .isFalse();
        // A late copy of the first "added", older than the removal, must not bring the vote back.
        assertThat(inbound.accept(new ChatEvent.ReactionAdded("R1-late", T0.plusSeconds(2), BEN, card, "✅"))
                        .duplicate())
                .isTrue();
        settle(inbound.accept(new ChatEvent.ReactionAdded("R3", T0.plusSeconds(10), BEN, card, "✅")));
        assertThat(recorder.seen())
                .extracting(ChatEvent::eventId)
                .filteredOn(id -> id.startsWith("R"))
                .containsExactly("R1", "R2", "R3");
    }

    @Test
    void anEditWithTheSameTextIsADuplicateButANewEditIsNot() throws Exception {
        MessageRef message = new MessageRef(CHANNEL, "1700000000.000400", null);
        settle(inbound.accept(new ChatEvent.MessageEdited("E1", T0, BEN, message, "fixed typo")));
        assertThat(inbound.accept(new ChatEvent.MessageEdited("E2", T0, BEN, message, "fixed typo"))
                        .duplicate())
                .isTrue();
        var another = inbound.accept(new ChatEvent.MessageEdited("E3", T0, BEN, message, "fixed another"));
        assertThat(another.duplicate()).isFalse();
        settle(another);
    }

    @Test
    void whatPeopleWroteIsNotKeptOnceHandledAndKeysGoAfterTwoDays() throws Exception {
        var posted = new ChatEvent.MessagePosted(
                "Secret1",
                T0,
                BEN,
                new MessageRef(CHANNEL, "1700000000.000900", null),
                "Zoë's mum's number is 07700 900123",
                null,
                false);
        settle(inbound.accept(posted));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> inbound.backlog() == 0);
        assertThat(jdbc.sql("select payload from inbound_event where event_key = 'slack:Secret1'")
                        .query(String.class)
                        .single())
                .isEqualTo("{}");

        ticker.tickNow();
        assertThat(inbound.accept(posted).duplicate()).isTrue();
        clock.advance(Duration.ofDays(3));
        try {
            ticker.tickNow();
            assertThat(jdbc.sql("select count(*) from inbound_event where event_key = 'slack:Secret1'")
                            .query(Long.class)
                            .single())
                    .isZero();
        } finally {
            clock.advance(Duration.ofDays(-3));
        }
    }

    @Autowired
    org.springframework.jdbc.core.simple.JdbcClient jdbc;

    @Autowired
    Ticker ticker;

    @Autowired
    org.staffroom.testing.MutableClock clock;

    @Test
    void eventsAreHandedOffSoAcceptReturnsQuickly() {
        long started = System.nanoTime();
        for (int i = 0; i < 50; i++) {
            inbound.accept(new ChatEvent.MessagePosted(
                    "Fast" + i, T0, BEN, new MessageRef(CHANNEL, "1800000000." + i, null), "hi", null, false));
        }
        // Recording 50 events does not wait for their handling; handled shortly after.
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> inbound.backlog() == 0);
        assertThat(recorder.seen())
                .filteredOn(e -> e.eventId().startsWith("Fast"))
                .hasSize(50);
    }
}
