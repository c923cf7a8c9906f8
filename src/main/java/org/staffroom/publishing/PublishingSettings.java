package org.staffroom.publishing;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The publishing module's own settings ({@code staffroom.publishing.*}); the accounts and times are
 * in {@code trust.yml}, these are the sender's.
 *
 * @param staleAfter  a claim older than this belongs to a sender that died; longer than a network call can take
 *                    (timeouts are 10–30 s), so a live sender's claim never looks stale
 * @param remindEvery how often the people who must take a post down by hand are reminded
 * @param passBudget  how long one pass keeps draining due posts (a backlog after downtime) before it hands the rest
 *                    to the next pass on the publishing thread; shorter than the tick interval, so the tick's other
 *                    work is never held up for long
 */
@ConfigurationProperties("staffroom.publishing")
record PublishingSettings(
        @DefaultValue("2m") Duration staleAfter,
        @DefaultValue("24h") Duration remindEvery,
        @DefaultValue("20s") Duration passBudget) {}
