-- Operator moves of a tenant to another cell (issue 19, cells). While a move runs the tenant is MOVING: its users and
-- devices get 503 tenant_moving, and every replica sees that from this row on its next request.
ALTER TABLE tenant DROP CONSTRAINT tenant_status_check;
ALTER TABLE tenant ADD CONSTRAINT tenant_status_check
    CHECK (status IN ('PROVISIONING', 'ACTIVE', 'SUSPENDED', 'MOVING', 'DELETING'));

-- One row per move: where it is, what it copied, and why it failed or what it left behind. No foreign key to tenant:
-- the history of moves stays readable whatever happens to the tenant later.
CREATE TABLE tenant_move (
    id               uuid          PRIMARY KEY,
    tenant_id        uuid          NOT NULL,
    tenant_slug      varchar(40)   NOT NULL,
    from_cell        varchar(64)   NOT NULL,
    to_cell          varchar(64)   NOT NULL,
    previous_status  varchar(16)   NOT NULL CHECK (previous_status IN ('ACTIVE', 'SUSPENDED')),
    state            varchar(24)   NOT NULL CHECK (state IN ('RUNNING', 'DONE', 'DONE_WITH_LEFTOVERS', 'FAILED')),
    step             varchar(16)   NOT NULL CHECK (step IN ('STARTING', 'SCHEMA', 'OBJECTS', 'REALM', 'SWITCH', 'CLEANUP', 'FINISHED')),
    tables_total     integer       NOT NULL DEFAULT 0,
    tables_copied    integer       NOT NULL DEFAULT 0,
    rows_copied      bigint        NOT NULL DEFAULT 0,
    objects_copied   bigint        NOT NULL DEFAULT 0,
    bytes_copied     bigint        NOT NULL DEFAULT 0,
    realm_users      integer       NOT NULL DEFAULT 0,
    realm_clients    integer       NOT NULL DEFAULT 0,
    realm_roles      integer       NOT NULL DEFAULT 0,
    setup_links      integer       NOT NULL DEFAULT 0,
    switched_at      timestamptz,
    error            varchar(2000),
    leftovers        varchar(500),
    requested_by     varchar(200)  NOT NULL,
    started_at       timestamptz   NOT NULL,
    lease_until      timestamptz   NOT NULL,
    finished_at      timestamptz
);
-- One running move per tenant, across replicas: claiming a move is an insert that fails when another one runs.
CREATE UNIQUE INDEX tenant_move_one_running ON tenant_move (tenant_id) WHERE state = 'RUNNING';
CREATE INDEX tenant_move_history ON tenant_move (tenant_id, started_at DESC);
