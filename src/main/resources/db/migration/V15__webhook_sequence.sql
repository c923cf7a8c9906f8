-- Consent withdrawal: every outbound webhook event of a post carries a per-post sequence number
-- (1, 2, … in the order the events happened) that receivers order by, and a delivery of a post
-- that was pulled before it went out is CANCELLED. Runs on H2 and PostgreSQL.

alter table draft_webhook add column sequence integer;

update draft_webhook set sequence = (
    select count(*) from draft_webhook earlier
    where earlier.draft_id = draft_webhook.draft_id and earlier.id <= draft_webhook.id);

alter table draft_webhook alter column sequence set not null;

alter table draft_webhook add constraint draft_webhook_sequence unique (draft_id, sequence);
