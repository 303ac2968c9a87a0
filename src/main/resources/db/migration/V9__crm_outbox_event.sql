-- the event whose transaction wrote a CRM outbox row (null for a scheduled job's or an operator's change). Not unique:
-- one event may rightly write several rows of a kind (a task per case it opens, an activity per order a delivery
-- moves); that an event writes them once is the processed_message claim in the same transaction.
alter table crm_outbox add column event_id varchar(100);
create index crm_outbox_by_event on crm_outbox (event_id);
