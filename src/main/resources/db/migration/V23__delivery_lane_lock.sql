-- One row per delivery lane (a channel, a person's DMs, or the post acted on), locked while a sender
-- claims the lane's next row. A lane sends one row at a time across all instances: two instances
-- sending the edits of one rolling message at once could land them out of order, the older last.
-- Runs on H2 and PostgreSQL.
create table delivery_lane_lock (
    lane varchar(400) not null primary key
);
