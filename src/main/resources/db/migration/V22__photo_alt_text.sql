-- A description of each photo (alt text): sent to the networks, read by the privacy checks.
alter table draft_image add column alt_text varchar(1500);
