package org.staffroom.chat;

import static org.assertj.core.api.Assertions.assertThat;

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
    void aSpacesNewPostsAreSpreadAtItsLimitWithHeadroom() throws InterruptedException {
        Pacer pacer = new Pacer();
        Pace pace = new Pace(3, 10.0, 1000.0, 600); // 600 a minute: 9.5 a second once the headroom is taken
        long start = System.nanoTime();
        for (int i = 0; i < 11; i++) pacer.acquire("SLACK", "T1", "SLACK:T1:C" + i, pace, true, true);
        long took = System.nanoTime() - start;
        double interval = 60e9 / (600 * Pacer.SPACE_HEADROOM);
        // Eleven posts to eleven channels: the first at once, then one an interval apart.
        assertThat(took).isGreaterThanOrEqualTo((long) (10 * interval) - 5_000_000L);
    }

    @Test
    void anotherSpaceAndEditsAreNotHeldBackByABusySpace() throws InterruptedException {
        Pacer pacer = new Pacer();
        Pace pace = new Pace(3, 10.0, 1000.0, 6); // one post every ten and a half seconds
        pacer.acquire("SLACK", "T1", "SLACK:T1:C1", pace, true, true); // takes T1's only token
        long start = System.nanoTime();
        pacer.acquire("SLACK", "T2", "SLACK:T2:C1", pace, true, true);
        pacer.acquire("SLACK", "T1", "SLACK:T1:C2", pace, true, false); // an edit: chat.update, not counted
        assertThat(System.nanoTime() - start).isLessThan(1_000_000_000L);
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
