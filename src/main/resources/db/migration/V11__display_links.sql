-- Display links: which school's posts a screen shows (null: the whole trust), who revoked it,
-- and when the screen last asked for posts (so an admin can tell a forgotten TV from a live one).
alter table display_link add column school_id varchar(64);
alter table display_link add column revoked_by varchar(200);
alter table display_link add column last_seen_at timestamp with time zone;
