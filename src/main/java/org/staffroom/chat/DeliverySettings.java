package org.staffroom.chat;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The delivery sender's settings ({@code staffroom.delivery.*}), each named for what it does.
 *
 * @param staleAfter        a claim older than this belongs to a sender that died; another instance may take it
 * @param senders           sender threads per platform (each waits in the pacer for its platform's next token)
 * @param autostart         off only in tests that leave posts unsent on purpose
 * @param idleWait          how long the loop sleeps when nothing woke it
 * @param errorPause        how long the loop waits after an unexpected error before reading the table again
 * @param staleCheckEvery   how often stale claims are looked for (and at once after a platform reconnects)
 * @param lanesPerPass      how many lanes' first rows one pass reads (each lane contributes one row, so a
 *                          long lane cannot hide the others)
 * @param inlineRetries     429s with a short Retry-After waited out on the sending thread before the row is put back
 * @param longestInlineWait the longest Retry-After waited out inline (never more than half of staleAfter)
 * @param retouchAfterWait  a wait in the pacer longer than this dates the claim again before the request leaves
 * @param dependencyWait    how soon a row waiting for the post it depends on is looked at again
 * @param firstRetry        the backoff after the first failure, doubling each time
 * @param longestRetry      the longest backoff
 * @param maxAttempts       failures before a row becomes a dead letter
 * @param shutdownWait      how long a stop waits for requests already sent to be answered and recorded
 * @param retention         sent and failed rows are deleted this long after they were created; edits,
 *                          reactions and replies to older posts are no longer possible
 */
@ConfigurationProperties("staffroom.delivery")
record DeliverySettings(
        @DefaultValue("30s") Duration staleAfter,
        @DefaultValue("8") int senders,
        @DefaultValue("true") boolean autostart,
        @DefaultValue("500ms") Duration idleWait,
        @DefaultValue("1s") Duration errorPause,
        @DefaultValue("5s") Duration staleCheckEvery,
        @DefaultValue("1000") int lanesPerPass,
        @DefaultValue("5") int inlineRetries,
        @DefaultValue("30s") Duration longestInlineWait,
        @DefaultValue("500ms") Duration retouchAfterWait,
        @DefaultValue("1s") Duration dependencyWait,
        @DefaultValue("2s") Duration firstRetry,
        @DefaultValue("5m") Duration longestRetry,
        @DefaultValue("8") int maxAttempts,
        @DefaultValue("5s") Duration shutdownWait,
        @DefaultValue("180d") Duration retention) {

    /** The inline-wait ceiling: half the stale threshold, so a waiting claim never looks dead to another instance. */
    Duration inlineWaitCeiling() {
        Duration half = staleAfter.dividedBy(2);
        return half.compareTo(longestInlineWait) < 0 ? half : longestInlineWait;
    }
}
