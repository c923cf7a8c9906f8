-- A failed handling of an inbound event is recorded, shown to admins and tried again (issue 18):
-- how many tries so far, the last error, which listeners failed (one id a line; a retry gives the
-- event to those only) and when to try next (null: no more tries).
alter table inbound_event add column attempts integer default 0 not null;
alter table inbound_event add column last_error varchar(2000);
alter table inbound_event add column failed_listeners varchar(4000);
alter table inbound_event add column next_attempt_at timestamp with time zone;
create index inbound_event_retry on inbound_event (state, next_attempt_at);
