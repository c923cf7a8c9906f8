-- A form asked field by field in direct messages, on a platform that cannot show forms (the
-- chat module's fallback): one open exchange per person, with the answers so far. Kept in the
-- database so that an answer reaching another instance, or after a restart, carries on.
-- Written to run unchanged on H2 and PostgreSQL.
create table form_exchange (
    user_key     varchar(200)    not null primary key,
    exchange_id  varchar(40)     not null,   -- this exchange, in the keys of its messages
    platform     varchar(16)     not null,
    interaction  varchar(4000)   not null,   -- the InteractionRef that opened the form (JSON)
    form         varchar(200000) not null,   -- the Form (JSON)
    answers      varchar(200000) not null,   -- values by field id so far (JSON)
    step         int             not null,   -- index of the field asked now
    started_at   timestamp with time zone not null,
    expires_at   timestamp with time zone not null
);
