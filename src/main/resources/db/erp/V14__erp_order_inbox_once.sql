-- One ERP action per real change: an order is created once and cancelled once, whatever duplicates the storefronts
-- send (a retry under a new delivery id, Shopify's orders/updated of a cancelled order beside orders/cancelled).
-- Junction writes once_key = '<hub_order_id>/CREATE' or '<hub_order_id>/CANCEL' on those rows (null on UPDATE); the
-- unique key makes a second one fail in the staging transaction itself, so two hubs cannot both stage it.
-- (Numbered after the hub's reserved migration version, not next to V2, so that other staging changes keep V3 on.)
alter table erp_order_inbox add column once_key varchar(60);

-- rows staged before: the first CREATE and the first CANCEL of each order hold the key
update erp_order_inbox set once_key = hub_order_id || '/' || action
 where action in ('CREATE', 'CANCEL')
   and inbox_id = (select min(i.inbox_id) from erp_order_inbox i
                    where i.hub_order_id = erp_order_inbox.hub_order_id and i.action = erp_order_inbox.action);

alter table erp_order_inbox add constraint erp_order_inbox_once unique (once_key);
