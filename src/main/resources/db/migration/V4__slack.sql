-- Slack adapter: workspaces installed by OAuth, install states, and signatures of HTTP-mode
-- requests already seen (a replayed request is refused). Runs unchanged on H2 and PostgreSQL.

-- One row per workspace Staffroom was installed in through /slack/install. The bot token is a
-- secret: it is never logged and never shown on any page.
create table slack_installation (
    team_id        varchar(32)  not null,
    team_name      varchar(200),
    enterprise_id  varchar(32),
    app_id         varchar(32),
    bot_user_id    varchar(32)  not null,
    bot_id         varchar(32),
    bot_token      varchar(255) not null,
    bot_scopes     varchar(2000),
    installed_by   varchar(32),
    installed_at   timestamp with time zone not null,
    constraint slack_installation_pk primary key (team_id)
);

-- The state handed to Slack when an install starts; it must come back once, within minutes.
create table slack_oauth_state (
    state       varchar(64) not null,
    created_at  timestamp with time zone not null,
    constraint slack_oauth_state_pk primary key (state)
);

-- Signatures of accepted HTTP-mode requests, kept a little longer than the 5-minute window in
-- which a timestamp is accepted: the same signature again is a replay.
create table slack_request_seen (
    signature  varchar(80) not null,
    seen_at    timestamp with time zone not null,
    constraint slack_request_seen_pk primary key (signature)
);
create index slack_request_seen_at on slack_request_seen (seen_at);
