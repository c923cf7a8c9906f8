package org.staffroom.slack;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.staffroom.chat.Tick;

/**
 * Deletes OAuth install states that can no longer be used (a used state is deleted when it is
 * used), on every tick. Registered even when OAuth is off, so rows left from when it was on go too.
 */
@Component
class SlackHousekeeping {

    private final SlackOAuthStore store;

    SlackHousekeeping(SlackOAuthStore store) {
        this.store = store;
    }

    @EventListener
    void on(Tick tick) {
        store.purgeStates(tick.now().minus(SlackOAuth.STATE_LIFETIME));
    }
}
