-- Run once by the postgres image on an empty data volume (docker-compose.yml mounts this folder at
-- /docker-entrypoint-initdb.d), as POSTGRES_USER in POSTGRES_DB (the hub's database, created by the image).
-- The ERP's own database, beside the hub's: hub-1 creates the sample ERP schema in it (JUNCTION_ERP_MANAGE_SCHEMA)
-- and runs the stand-in ERP (JUNCTION_ERP_SIMULATOR_ENABLED). A real ERP brings its own database instead.
CREATE DATABASE erp;
