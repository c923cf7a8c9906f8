-- Who took back a decision made by reaction (removing their ❌ or ✏️ within the undo window), so
-- the reopened card can say so. Null when the round's decision was never taken back.
alter table review_round add column undone_by varchar(200);
