package org.staffroom.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.staffroom.chat.spi.Pace;

class PacerTest {

    @Test
    void aChannelsBurstIsSpreadSoNoWindowSeesMoreThanTheBurst() throws InterruptedException {
        Pacer pacer = new Pacer();
        Pace pace = new Pace(3, 10.0, 1000.0); // refills fast: only the window holds the fourth back
        List<Long> granted = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            pacer.acquire("SLACK", "SLACK:T1:C1", pace);
            granted.add(System.nanoTime());
        }
        assertThat(granted.get(2) - granted.get(0)).as("the burst goes at once").isLessThan(500_000_000L);
        // Read after acquire returns, so a grant may be seen a little late: allow that much. Without the
        // window the fourth would go after a tenth of a second.
        long seenLate = 100_000_000L;
        assertThat(granted.get(3) - granted.get(0)).isGreaterThanOrEqualTo(Pacer.BURST_WINDOW - seenLate);
        assertThat(granted.get(4) - granted.get(1)).isGreaterThanOrEqualTo(Pacer.BURST_WINDOW - seenLate);
    }

    @Test
    void otherChannelsAreNotHeldBackByABusyOne() throws InterruptedException {
        Pacer pacer = new Pacer();
        Pace pace = new Pace(3, 1.0, 1000.0);
        for (int i = 0; i < 3; i++) pacer.acquire("SLACK", "SLACK:T1:C1", pace);
        long start = System.nanoTime();
        pacer.acquire("SLACK", "SLACK:T1:C2", pace);
        assertThat(System.nanoTime() - start).isLessThan(500_000_000L);
    }

    @Test
    void aSpacesNewPostsGoInABurstThenAtTheRestOfItsBudget() throws InterruptedException {
        Pacer pacer = new Pacer();
        // 100 posts in any 10 s: a budget of 95, 19 at once, then 76 over 10 s (one each 132 ms).
        Pace pace = new Pace(3, 10.0, 1000.0, 100, Duration.ofSeconds(10));
        long start = System.nanoTime();
        for (int i = 0; i < 19; i++) pacer.acquire("SLACK", "T1", "SLACK:T1:C" + i, pace, true, true);
        long burst = System.nanoTime() - start;
        for (int i = 19; i < 27; i++) pacer.acquire("SLACK", "T1", "SLACK:T1:C" + i, pace, true, true);
        long took = System.nanoTime() - start;
        long interval = Duration.ofSeconds(10).toNanos() / 76;
        assertThat(burst).as("a fifth of the budget goes at once").isLessThan(interval * 5);
        // Eight more to eight more channels: one an interval, less what refilled during the burst.
        assertThat(took).isGreaterThanOrEqualTo(8 * interval - burst - 5_000_000L);
    }

    @Test
    void anotherSpaceAndEditsAreNotHeldBackByABusySpace() throws InterruptedException {
        Pacer pacer = new Pacer();
        Pace pace = new Pace(3, 10.0, 1000.0, 1, Duration.ofMinutes(1)); // one post a minute
        pacer.acquire("SLACK", "T1", "SLACK:T1:C1", pace, true, true); // takes T1's only token
        long start = System.nanoTime();
        pacer.acquire("SLACK", "T2", "SLACK:T2:C1", pace, true, true);
        pacer.acquire("SLACK", "T1", "SLACK:T1:C2", pace, true, false); // an edit: chat.update, not counted
        assertThat(System.nanoTime() - start).isLessThan(1_000_000_000L);
    }

    @Test
    void noWindowLetsOutMoreThanTheBudget() {
        // Burst plus a window's refill is the budget: 285 of Slack's 300 a minute, 57 of them at once.
        Pace slack = new Pace(2, 1.0, 20.0, 300, Duration.ofMinutes(1));
        var bucket = Pacer.space(slack);
        assertThat(bucket.tryConsume(57)).isTrue();
        assertThat(bucket.tryConsume(1)).isFalse();
        // It refills at 228 a minute (57 in a quarter of it): 57 + 228 = 285 in any minute, 15 under Slack's 300.
        long refill = bucket.estimateAbilityToConsume(57).getNanosToWaitForRefill();
        assertThat(refill)
                .isBetween(
                        Duration.ofMillis(14_900).toNanos(),
                        Duration.ofSeconds(15).toNanos());
        // Two instances, each with half the limit.
        assertThat(Pacer.space(new Pace(2, 1.0, 20.0, 150, Duration.ofMinutes(1)))
                        .getAvailableTokens())
                .isEqualTo(28);
    }

    @Test
    void aPlatformWithoutASpaceLimitIsNotPacedPerSpace() throws InterruptedException {
        Pacer pacer = new Pacer();
        Pace pace = new Pace(3, 10.0, 1000.0); // no space limit (Discord)
        long start = System.nanoTime();
        for (int i = 0; i < 20; i++) pacer.acquire("DISCORD", "G1", "DISCORD:G1:C" + i, pace, false, true);
        assertThat(System.nanoTime() - start).isLessThan(1_000_000_000L);
    }
}
