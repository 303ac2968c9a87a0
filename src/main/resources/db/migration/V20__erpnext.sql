-- ERPNext mode (junction.erp.mode=erpnext, docs/erp.md): the Sales Order each handed-off order became, with the
-- canonical order as handed over (the status feed reports on it), and the "modified" watermark of each ERPNext feed.
create table erpnext_order (
    hub_order_id varchar(36)     primary key,
    sales_order  varchar(140)    not null,
    order_json   varchar(1000000) not null,
    handed_at    timestamp with time zone not null
);
create unique index erpnext_order_sales_order on erpnext_order (sales_order);

create table erpnext_watermark (
    feed       varchar(40)  primary key,
    -- ERPNext's own "modified" text (site time zone, microseconds) of the last document the feed took
    modified   varchar(32)  not null,
    updated_at timestamp with time zone not null
);
