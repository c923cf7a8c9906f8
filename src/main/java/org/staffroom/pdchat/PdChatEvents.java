package org.staffroom.pdchat;

import java.time.Clock;
import java.util.Set;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.staffroom.chat.ChatEvent;
import org.staffroom.chat.Tick;
import org.staffroom.chat.TickerProperties;

/**
 * Where chat events and the clock reach PD chats: messages are captured in a transaction, then the
 * relay sends what the channels' rates allow. The tick runs the chats' schedules; a one-second
 * flush between ticks lets coalesced copies out promptly after a burst ends.
 */
@Component
class PdChatEvents {

    private final Capture capture;
    private final Relay relay;
    private final ChatLifecycle lifecycle;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final boolean flushOnTimer;

    PdChatEvents(
            Capture capture,
            Relay relay,
            ChatLifecycle lifecycle,
            PlatformTransactionManager tm,
            Clock clock,
            TickerProperties timers) {
        this.capture = capture;
        this.relay = relay;
        this.lifecycle = lifecycle;
        this.tx = new TransactionTemplate(tm);
        this.clock = clock;
        this.flushOnTimer = timers.enabled();
    }

    @EventListener
    void on(ChatEvent.MessagePosted e) {
        flush(tx.execute(s -> capture.posted(e, clock.instant())));
    }

    @EventListener
    void on(ChatEvent.MessageEdited e) {
        flush(tx.execute(s -> capture.edited(e, clock.instant())));
    }

    @EventListener
    void on(ChatEvent.MessageDeleted e) {
        flush(tx.execute(s -> capture.deleted(e)));
    }

    @EventListener
    void on(Tick tick) {
        lifecycle.tick(tick.now());
        relay.flushDue(tick.now());
    }

    @Scheduled(
            fixedDelayString = "${staffroom.pdchat.relay-flush-interval:1s}",
            initialDelayString = "${staffroom.pdchat.relay-flush-initial-delay:10s}")
    void flushBetweenTicks() {
        if (flushOnTimer) relay.flushDue(clock.instant());
    }

    private void flush(Set<String> lanes) {
        if (lanes != null && !lanes.isEmpty()) relay.flush(lanes, clock.instant());
    }
}
