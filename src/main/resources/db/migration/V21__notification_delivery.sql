-- The notification senders (issue #18, docs/notifications.md). Portable SQL: H2 and PostgreSQL.

-- The sent-log: one row per notification (the notification.requested event id) and channel, so each is sent at most
-- once. SENDING is committed before the message leaves; then SENT, FAILED (refused for good: a notification.failed
-- followed), SUPPRESSED (opt-out, blacklist, withdrawn, no address: never sent), RETRYING (a transient failure: known
-- not sent, tried again) or UNCERTAIN (a redelivery found it SENDING: the hub stopped mid-send, it is not sent twice).
create table notification_delivery (
    notification_id varchar(100) not null,
    channel         varchar(10)  not null,
    customer_id     varchar(100),
    template        varchar(100),
    recipient       varchar(320),
    status          varchar(10)  not null,
    reason          varchar(500),
    attempts        integer      not null,
    created_at      timestamp with time zone not null,
    updated_at      timestamp with time zone not null,
    primary key (notification_id, channel)
);
create index notification_delivery_by_customer on notification_delivery (customer_id, created_at);

-- Addresses and domains no notification goes to, managed by operators (/api/notifications/blacklist); the
-- configuration's junction.notifications.blacklist adds fixed ones. Entries are lower case.
create table notification_blacklist (
    entry      varchar(320) primary key,
    reason     varchar(300),
    created_at timestamp with time zone not null
);
