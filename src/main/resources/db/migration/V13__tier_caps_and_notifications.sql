-- Tier shares at every moment, and tier work withdrawn on demotion (issue #15). Portable SQL: H2 and PostgreSQL.

-- How full the tiers are (one row, id 1): the population of the last ranking, the customers at or above iron, gold
-- and platinum now, and how many promotions the caps refused since. An order that would lift its customer into a tier
-- already at its cap (its share of the population plus the tolerance) is refused that tier, in the order's own
-- transaction; the rebalance re-ranks the base when one was refused or the base grew. Written only when a tier changes.
create table intelligence_tally (
    id               integer primary key,
    population       bigint  not null,
    iron_members     bigint  not null,
    gold_members     bigint  not null,
    platinum_members bigint  not null,
    refused          bigint  not null
);
insert into intelligence_tally (id, population, iron_members, gold_members, platinum_members, refused)
select 1, (select count(*) from customer),
       (select count(*) from customer_intel where tier in ('IRON', 'GOLD', 'PLATINUM')),
       (select count(*) from customer_intel where tier in ('GOLD', 'PLATINUM')),
       (select count(*) from customer_intel where tier = 'PLATINUM'), 0
from intelligence_thresholds where id = 1;

-- The notifications the service rules requested, so one requested for a tier can be withdrawn when the tier is lost:
-- status REQUESTED or WITHDRAWN (with the reason and a notification.withdrawn event). data is the requested event's.
create table service_notification (
    id           varchar(100)  primary key,
    customer_id  varchar(36)   not null references customer (id),
    rule_id      varchar(60)   not null,
    template     varchar(100)  not null,
    status       varchar(10)   not null,
    reason       varchar(300),
    data         varchar(4000) not null,
    requested_at timestamp with time zone not null,
    withdrawn_at timestamp with time zone
);
create index service_notification_by_customer on service_notification (customer_id, status);
