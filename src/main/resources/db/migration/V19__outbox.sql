-- One outbox protocol (org.staffroom.outbox) for chat deliveries and the drafts webhook.
-- Runs on H2 and PostgreSQL.

-- The webhook's claims are dated and owned, so a claim left by a crash (or a RuntimeException in the
-- old sender) is taken over by one instance and sent again instead of stranding the row in SENDING.
alter table draft_webhook add column claimed_at timestamp with time zone;
alter table draft_webhook add column claimed_by varchar(80);
-- Rows already stranded in SENDING are stale from the start and recovered on the next pass.
update draft_webhook set claimed_at = created_at where state = 'SENDING';

-- Deliveries are read one row per lane (a channel, a person's DMs, or the post acted on), so a long
-- lane cannot hide the others; the lane is stored as DeliveryRow.lane() computes it.
alter table delivery add column lane varchar(400);
update delivery set lane = case
    when channel_id is not null then platform || ':' || space_id || ':' || channel_id
    when direct_user_id is not null then platform || ':dm:' || direct_user_id
    else platform || ':target:' || target_key end;
create index delivery_lane on delivery (state, lane, id);
-- Retention deletes sent and failed rows by age.
create index delivery_age on delivery (state, created_at);
