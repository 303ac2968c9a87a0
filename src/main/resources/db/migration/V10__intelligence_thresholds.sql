-- Customer intelligence by thresholds (issue #8, performance). Portable SQL: runs unchanged on H2 and PostgreSQL.

-- The cut values of the last full ranking (one row, id 1), so that an order classifies its customer in O(1) instead
-- of counting every profile below them, and every instance classifies alike. A customer is in a tier (has a score)
-- when their measure is strictly greater than its cut; a null cut is closed (nobody reached it in that ranking).
-- Tier cuts are tier measures; scores 2..5 of recency (last order time), frequency (counted orders) and monetary
-- (lifetime value) each have theirs.
create table intelligence_thresholds (
    id           integer        primary key,
    population   bigint         not null,
    buyers       bigint         not null,
    iron_cut     numeric(19, 4),
    gold_cut     numeric(19, 4),
    platinum_cut numeric(19, 4),
    recency_2    timestamp with time zone,
    recency_3    timestamp with time zone,
    recency_4    timestamp with time zone,
    recency_5    timestamp with time zone,
    frequency_2  integer,
    frequency_3  integer,
    frequency_4  integer,
    frequency_5  integer,
    monetary_2   numeric(19, 4),
    monetary_3   numeric(19, 4),
    monetary_4   numeric(19, 4),
    monetary_5   numeric(19, 4),
    computed_at  timestamp with time zone not null
);

-- Nothing ranks by counting over customer_intel any more: its two ranking indexes only cost every profile write.
drop index customer_intel_by_value;
drop index customer_intel_by_last_order;
