/**
 * One persistent outbox protocol for everything Staffroom sends to another system: chat deliveries,
 * the drafts webhook, and any future outbound integration. A row is written first (under a unique
 * key, in the same transaction as the change that calls for it), then sent by whichever instance
 * claims it:
 * <ul>
 * <li><b>claim</b>: {@code PENDING → SENDING} by a conditional update that also stamps
 * {@code claimed_by} and {@code claimed_at}, so exactly one instance holds it;</li>
 * <li><b>finish</b>: {@code SENT}, a retry ({@code PENDING} again with {@code attempts + 1} and a
 * next attempt from the one {@link org.staffroom.outbox.Backoff}), or {@code FAILED} — the dead-letter
 * state, shown to admins at {@code /admin/outbox} — each applied only while this instance still holds
 * the claim;</li>
 * <li><b>stale takeover</b>: a claim older than the table's stale threshold belongs to a sender that
 * died between claim and record; one instance takes it over (a conditional update on the old
 * {@code claimed_at}, so two never both do) and either records what it can prove was sent or puts it
 * back to be sent again.</li>
 * </ul>
 * <h2>Using it for a new table</h2>
 * Give the table the columns {@code state varchar(16)}, {@code attempts integer not null default 0},
 * {@code next_attempt_at timestamp with time zone}, {@code claimed_at timestamp with time zone},
 * {@code claimed_by varchar(80)}, {@code last_error varchar(500)}, plus an index on
 * {@code (state, next_attempt_at)}. Declare an {@link org.staffroom.outbox.OutboxTable} bean
 * ({@code OutboxTable.standard("my_table", "label sql")}) so its dead letters appear to admins, build an
 * {@link org.staffroom.outbox.Outbox} over it in the module's store, and on each pass call
 * {@link org.staffroom.outbox.Outbox#recoverStale}, then for each due row
 * {@link org.staffroom.outbox.Outbox#claim} → send → {@link org.staffroom.outbox.Outbox#complete} or
 * {@link org.staffroom.outbox.Outbox#retry}, catching {@code RuntimeException} too so a row is never
 * left claimed. A receiver sees a row at least once: after a crash between sending and recording it
 * may see it again, so payloads carry a stable id for the receiver to ignore a repeat.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = "config")
package org.staffroom.outbox;
