-- Sample item master and stock for the embedded run: the SKUs of the storefront fixtures, one of them short.
insert into erp_item (sku, description) values ('TMH-CHR-M', 'Trailhead Merino Hoodie M Charcoal');
insert into erp_item (sku, description) values ('variant-44012345679002', 'Canvas Tote');
insert into erp_item (sku, description) values ('SKU-1', 'Sample item');
insert into erp_inventory (sku, location, on_hand, reserved, updated_at) values ('TMH-CHR-M', 'MAIN', 500, 0, CURRENT_TIMESTAMP);
insert into erp_inventory (sku, location, on_hand, reserved, updated_at) values ('variant-44012345679002', 'MAIN', 0, 0, CURRENT_TIMESTAMP);
insert into erp_inventory (sku, location, on_hand, reserved, updated_at) values ('SKU-1', 'MAIN', 100000, 0, CURRENT_TIMESTAMP);
