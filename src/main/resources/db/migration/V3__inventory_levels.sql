-- The last inventory level the hub published per SKU and location: inventory.changed goes out only on a change.
create table inventory_level (
    sku      varchar(100) not null,
    location varchar(60)  not null,
    on_hand  integer      not null,
    reserved integer      not null,
    as_of    timestamp with time zone,
    constraint inventory_level_key primary key (sku, location)
);
