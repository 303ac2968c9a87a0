-- What the hub LAST pushed to the CRM, one row per customer (was: every state pushed within the echo window). Only
-- the last push can come back as an echo: a CRM user who sets a record back to an older pushed state made an edit.
-- Forgotten (deleted) once the CRM reports any other state: the CRM has moved on from our push.
delete from crm_push where exists (
    select 1 from crm_push newer where newer.customer_id = crm_push.customer_id
    and (newer.pushed_at > crm_push.pushed_at or (newer.pushed_at = crm_push.pushed_at and newer.state_hash > crm_push.state_hash)));
alter table crm_push drop constraint crm_push_key;
alter table crm_push add constraint crm_push_key primary key (customer_id);
