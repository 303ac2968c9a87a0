-- The idempotent receivers' repositories are named after their subscription (junction.bus.subscriptions), no longer
-- after their route: the ids they recorded keep counting as processed.
update processed_message set processor = 'storefront-stock-received' where processor = 'storefront-stock-push';
update processed_message set processor = 'edi-received' where processor = 'edi-ship-notices';
update processed_message set processor = 'email-received' where processor = 'email-sender';
update processed_message set processor = 'webhook-received' where processor = 'webhook-sender';
