package org.staffroom.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The one retry schedule, with the numbers the delivery table and the webhook use. */
class BackoffTest {

    @Test
    void theWaitDoublesFromTheFirstUpToTheLongestThenGivesUp() {
        Backoff webhook = new Backoff(Duration.ofMinutes(1), Duration.ofHours(6), 12);
        assertThat(webhook.after(1)).contains(Duration.ofMinutes(1));
        assertThat(webhook.after(2)).contains(Duration.ofMinutes(2));
        assertThat(webhook.after(9)).contains(Duration.ofMinutes(256));
        assertThat(webhook.after(10)).contains(Duration.ofHours(6));
        assertThat(webhook.after(11)).contains(Duration.ofHours(6));
        assertThat(webhook.after(12)).isEqualTo(Optional.empty());

        Backoff delivery = new Backoff(Duration.ofSeconds(2), Duration.ofMinutes(5), 8);
        assertThat(delivery.after(1)).contains(Duration.ofSeconds(2));
        assertThat(delivery.after(7)).contains(Duration.ofSeconds(128));
        assertThat(delivery.after(8)).isEmpty();
    }

    @Test
    void aScheduleThatCannotWorkIsRefused() {
        assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofMinutes(1), 3))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(Duration.ofMinutes(2), Duration.ofMinutes(1), 3))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> OutboxTable.standard("drop table x", "id"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
