package org.staffroom.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import org.staffroom.config.Platform;
import org.staffroom.outbox.OutboxState;
import org.staffroom.testing.StaffroomTest;

/**
 * Pending deliveries are read one row per lane: a long lane (a thousand and more posts queued for
 * one channel) cannot hide the first post of another; sent rows are purged after the retention.
 * The sender is off, so rows stay as written.
 */
@StaffroomTest
@TestPropertySource(properties = "staffroom.delivery.autostart=false")
class DeliveryLanesTest {

    @Autowired
    DeliveryStore store;

    @Test
    void aLongLaneDoesNotHideTheOthers() {
        for (int i = 0; i < 1200; i++) {
            store.insert(
                    "lanes:long:" + i,
                    DeliveryRow.Kind.POST,
                    Platform.SLACK,
                    "T1",
                    "CLONG",
                    null,
                    null,
                    null,
                    null,
                    "{}");
        }
        store.insert(
                "lanes:other", DeliveryRow.Kind.POST, Platform.SLACK, "T1", "COTHER", null, null, null, null, "{}");
        store.insert("lanes:dm", DeliveryRow.Kind.POST, Platform.DISCORD, "G1", null, null, null, null, "U1", "{}");

        List<DeliveryRow> heads = store.laneHeads(1000);
        // (Rows of the other test may be there too: this test looks at its own lanes.)
        assertThat(heads)
                .extracting(DeliveryRow::key)
                .filteredOn(k -> k.startsWith("lanes:"))
                .containsExactly("lanes:long:0", "lanes:other", "lanes:dm");
    }

    @Test
    void sentAndFailedRowsArePurgedAfterTheRetention() {
        store.insert("purge:sent", DeliveryRow.Kind.POST, Platform.SLACK, "T1", "CPURGE", null, null, null, null, "{}");
        store.insert(
                "purge:failed", DeliveryRow.Kind.POST, Platform.SLACK, "T1", "CPURGE2", null, null, null, null, "{}");
        store.insert(
                "purge:pending", DeliveryRow.Kind.POST, Platform.SLACK, "T1", "CPURGE3", null, null, null, null, "{}");
        long sent = store.find("purge:sent").orElseThrow().id();
        long failed = store.find("purge:failed").orElseThrow().id();
        assertThat(store.claim(sent, "test")).isTrue();
        store.markSent(sent, "test", new MessageRef(new ChannelRef(Platform.SLACK, "T1", "CPURGE"), "1.0", null));
        assertThat(store.claim(failed, "test")).isTrue();
        store.markFailed(failed, "test", "channel_not_found");
        assertThat(store.outbox().count(OutboxState.FAILED)).isGreaterThanOrEqualTo(1);

        store.purge(Instant.now().minusSeconds(3600)); // an hour ago: all three are younger
        assertThat(store.find("purge:sent")).isPresent();
        store.purge(Instant.now().plusSeconds(1));
        assertThat(store.find("purge:sent")).isEmpty();
        assertThat(store.find("purge:failed")).isEmpty();
        assertThat(store.find("purge:pending")).isPresent(); // never sent: kept
    }
}
