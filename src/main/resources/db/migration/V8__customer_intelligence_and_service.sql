-- Customer intelligence and proactive service (issue #6). Portable SQL: runs unchanged on H2 and PostgreSQL.

-- The SCM adapter's event outbox and job leases become the hub's shared ones (bus/EventOutbox, jobs/JobLease):
-- every event written inside a database transaction waits here until it is on the bus, and every scheduled job
-- that must run on one instance at a time holds a lease row (created on first use).
alter table shipment_outbox rename to event_outbox;
alter table scm_lease rename to job_lease;

-- What the hub knows of each customer's value and behaviour, recomputed on each order change and by the full job.
-- tier_value is the ranking measure (default: net revenue of the trailing 12 months); every customer without a row
-- counts as value 0. The RFM scores are null for a customer without a counted order.
create table customer_intel (
    customer_id         varchar(36)    primary key references customer (id),
    tier                varchar(10)    not null,
    tier_value          numeric(19, 4) not null,
    recency_score       integer,
    frequency_score     integer,
    monetary_score      integer,
    lifecycle_stage     varchar(10),
    lifetime_value      numeric(19, 4) not null,
    average_order_value numeric(19, 4),
    order_count         integer        not null,
    first_order_at      timestamp with time zone,
    last_order_at       timestamp with time zone,
    blacklisted         boolean        not null,
    computed_at         timestamp with time zone not null
);
create index customer_intel_by_value on customer_intel (tier_value);
create index customer_intel_by_last_order on customer_intel (last_order_at);

-- Service cases. One problem, one case: open_key (customer, case type, reference) is set while the case is open
-- (OPEN, ASSIGNED) and cleared when it is resolved, so a repeated event updates the open case, and the same problem
-- after a resolution opens a new one. Unique constraints allow any number of nulls on H2 and PostgreSQL alike.
create table service_case (
    id               varchar(36)   primary key,
    open_key         varchar(300),
    customer_id      varchar(36)   not null references customer (id),
    case_type        varchar(40)   not null,
    reference        varchar(200)  not null,
    rule_id          varchar(60)   not null,
    title            varchar(300)  not null,
    detail           varchar(2000),
    status           varchar(10)   not null,
    priority         integer       not null,
    tier             varchar(12)   not null,
    due_at           timestamp with time zone not null,
    escalation_level integer       not null,
    occurrences      integer       not null,
    assignee         varchar(120),
    resolution       varchar(2000),
    last_event_id    varchar(100),
    created_at       timestamp with time zone not null,
    updated_at       timestamp with time zone not null,
    constraint service_case_open unique (open_key)
);
create index service_case_by_customer on service_case (customer_id);
create index service_case_by_queue on service_case (status, priority, due_at);
