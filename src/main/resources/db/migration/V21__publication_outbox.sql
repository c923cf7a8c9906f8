-- The publication table moves onto the shared outbox protocol (org.staffroom.outbox): its state
-- column now holds the outbox's states (PENDING, SENDING, SENT, FAILED, CANCELLED), so claims, stale
-- takeovers, backoff and the dead letters at /admin/outbox are the same as for chat deliveries and
-- the webhook. What the row is doing moves to a new column, action: PUBLISH, then (when the post is
-- pulled) TAKEDOWN on the same row. The old states map as follows:
--   SCHEDULED   -> PUBLISH  PENDING (SENDING while claimed)    PUBLISHED -> PUBLISH  SENT
--   FAILED      -> PUBLISH  FAILED                             CANCELLED -> PUBLISH  CANCELLED
--   TAKING_DOWN -> TAKEDOWN PENDING (SENDING while claimed)    DELETED   -> TAKEDOWN SENT
--   MANUAL      -> TAKEDOWN FAILED (someone must delete it by hand: a dead letter until marked done)
--   DONE        -> TAKEDOWN SENT with done_by set
-- Runs on H2 and PostgreSQL.

alter table publication add column action varchar(16) default 'PUBLISH' not null;

update publication set action = 'TAKEDOWN' where state in ('TAKING_DOWN', 'DELETED', 'MANUAL', 'DONE');

update publication set state = case
        when state in ('SCHEDULED', 'TAKING_DOWN') and claimed_by is not null then 'SENDING'
        when state in ('SCHEDULED', 'TAKING_DOWN') then 'PENDING'
        when state in ('PUBLISHED', 'DELETED', 'DONE') then 'SENT'
        when state in ('FAILED', 'MANUAL') then 'FAILED'
        else 'CANCELLED'
    end;
