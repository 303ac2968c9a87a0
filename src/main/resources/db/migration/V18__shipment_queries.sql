-- The shipments API (GET /api/shipments): by order (the hub order id a shipment is linked to), and the unlinked ones
-- page by page, oldest first. Portable SQL: runs unchanged on H2 and PostgreSQL.
create index shipment_by_order_id on shipment (order_id);
create index shipment_by_link_state_created on shipment (link_state, created_at, id);
