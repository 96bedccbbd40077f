-- editoriald on PostgreSQL with least privilege: an owner role that holds the schema, and the daemons' login
-- role with only the rights the daemons use (no DDL, no TRUNCATE, no deleting audit rows or acknowledgements).
--
-- As a superuser, once (psql asks nothing: give the daemons' password as a variable, or set it later with
-- \password editoriald):
--   psql -v ON_ERROR_STOP=1 -v password="$(cat /etc/editoriald/db-password)" -f least-privilege.sql
-- then, as the owner (or a superuser who SET ROLE editoriald_owner), and again after each upgrade:
--   editoriald postgresql-schema | psql -v ON_ERROR_STOP=1 -d editoriald -U editoriald_owner
-- and, because migrations may add tables, this file's grants again (the \connect part; it is idempotent).
--
-- The daemons then connect as editoriald (state: connection: ... user=editoriald ...) and find the schema up to
-- date: they run no DDL. `editoriald migrate-state` writes identities (setval) and is run as the owner.

SELECT 'CREATE ROLE editoriald_owner NOLOGIN'
WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'editoriald_owner') \gexec
SELECT 'CREATE ROLE editoriald LOGIN'
WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'editoriald') \gexec
\if :{?password}
ALTER ROLE editoriald PASSWORD :'password';
\endif
SELECT 'CREATE DATABASE editoriald OWNER editoriald_owner'
WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = 'editoriald') \gexec

\connect editoriald
-- Nobody else creates anything in the database's public schema; the daemons may only use it.
REVOKE ALL ON DATABASE editoriald FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE editoriald TO editoriald;
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO editoriald;
GRANT CREATE ON SCHEMA public TO editoriald_owner;

-- The grants exist only once the tables do: run editoriald postgresql-schema first (this block is skipped,
-- with a notice, on a database without the schema).
SELECT to_regclass('editoriald_migration') IS NOT NULL AS has_schema \gset
\if :has_schema
-- The schema version, read at every start.
GRANT SELECT ON editoriald_migration TO editoriald;
-- The firing ledger: claims, sent marks, pruning of old keys.
GRANT SELECT, INSERT, UPDATE, DELETE ON fired TO editoriald;
-- Item states and announced blocks are set and cleared.
GRANT SELECT, INSERT, UPDATE, DELETE ON item_state, announced_blocked TO editoriald;
-- The audit log and acknowledgements only grow.
GRANT SELECT, INSERT ON audit, ack TO editoriald;
-- The last moment processed, calendar SEQUENCE numbers.
GRANT SELECT, INSERT, UPDATE ON meta, calendar_sequence TO editoriald;
-- Journaled plan warnings are replaced whole.
GRANT SELECT, INSERT, DELETE ON plan_warning TO editoriald;
-- The outbox is claimed (FOR UPDATE SKIP LOCKED), updated and pruned; pace history is rewritten and pruned.
GRANT SELECT, INSERT, UPDATE, DELETE ON outbox, outcome TO editoriald;
-- The scheduler lease and the node table.
GRANT SELECT, INSERT, UPDATE ON editoriald_lease, editoriald_node TO editoriald;
\else
\echo 'least-privilege.sql: the database has no editoriald schema yet: apply editoriald postgresql-schema, then run this file again'
\endif
