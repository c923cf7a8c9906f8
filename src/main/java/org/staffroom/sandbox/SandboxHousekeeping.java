package org.staffroom.sandbox;

import java.time.Duration;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.staffroom.chat.SandboxAccess;
import org.staffroom.chat.Tick;

/**
 * Uploaded sandbox pictures do not outlive their use: all of them go once the sandbox is off
 * (tokens were set), and while it is on, those older than a week.
 */
@Component
record SandboxHousekeeping(SandboxStore store, SandboxAccess access) {

    static final Duration KEEP_FILES = Duration.ofDays(7);

    @EventListener
    void on(Tick tick) {
        store.deleteFiles(
                access.enabled() ? tick.now().minus(KEEP_FILES) : tick.now().plus(Duration.ofDays(1)));
    }
}
