-- Tenant schema migrations run as a job, not on every api start (issue: start-up independent of the tenant count).
-- The registry records the version each tenant schema is at; an api refuses a tenant whose schema is older than its
-- code needs, until the job has migrated it.
ALTER TABLE tenant ADD COLUMN schema_version integer NOT NULL DEFAULT 0;
ALTER TABLE tenant ADD COLUMN schema_error varchar(2000);

-- Existing tenants keep the version their schema really is at (read from each schema's Flyway history), so an upgrade
-- refuses only the tenants that actually lag behind.
DO $$
DECLARE
    t record;
    applied integer;
BEGIN
    FOR t IN SELECT id, db_schema FROM tenant LOOP
        IF to_regclass(quote_ident(t.db_schema) || '.flyway_schema_history') IS NOT NULL THEN
            EXECUTE format('SELECT coalesce(max(version::integer), 0) FROM %I.flyway_schema_history WHERE success AND version IS NOT NULL',
                           t.db_schema) INTO applied;
            UPDATE tenant SET schema_version = applied WHERE id = t.id;
        END IF;
    END LOOP;
END $$;

-- One row per run of the migration job: its progress, readable by operators, and a lease so that one replica runs it
-- at a time (another replica's start finds the running one and leaves it alone; an abandoned lease expires).
CREATE TABLE schema_migration_run (
    id              uuid          PRIMARY KEY,
    requested_by    varchar(200)  NOT NULL,
    target_version  integer       NOT NULL,
    status          varchar(16)   NOT NULL CHECK (status IN ('RUNNING', 'FINISHED', 'FAILED', 'ABANDONED')),
    total           integer       NOT NULL DEFAULT 0,
    migrated        integer       NOT NULL DEFAULT 0,
    failed          integer       NOT NULL DEFAULT 0,
    current_tenant  varchar(40),
    started_at      timestamptz   NOT NULL,
    lease_until     timestamptz   NOT NULL,
    finished_at     timestamptz
);
CREATE UNIQUE INDEX schema_migration_run_one_running ON schema_migration_run ((true)) WHERE status = 'RUNNING';
CREATE INDEX schema_migration_run_started ON schema_migration_run (started_at DESC);
CREATE INDEX tenant_schema_version ON tenant (schema_version);
