-- A complaint logged with an Idempotency-Key (POST /api/cases, docs/service.md#idempotency-key): the key, per API
-- client, and a hash of the request it came with, so a retry finds the first case and the same key with another request
-- is refused. The unique index makes two concurrent requests under one key log one case. Portable SQL (H2, PostgreSQL);
-- rows without a key (NULL) are not compared.
alter table service_case add column idempotency_client varchar(200);
alter table service_case add column idempotency_key varchar(255);
alter table service_case add column request_hash varchar(64);
create unique index service_case_idempotency on service_case (idempotency_client, idempotency_key);
