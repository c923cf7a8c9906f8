-- /tag lists the ten newest posts with a tag. With an index on (tag, posted_at) the database still
-- read every post with the tag and sorted them, so a popular tag cost more the more was stored
-- (100 ms at 1M messages in the growth benchmark). Ordered like the query, the index is read from the
-- top and stops after ten. It replaces the old one, whose columns it starts with.
create index pdchat_tag_post_latest on pdchat_tag_post (tag, posted_at desc, id desc);
drop index pdchat_tag_post_recent;
