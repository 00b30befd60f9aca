-- Every tenant schema starts with its own profile row, so that the schema is self-describing
-- (a restored schema tells which tenant it belongs to).
CREATE TABLE tenant_profile (
    id              smallint      PRIMARY KEY CHECK (id = 1),
    tenant_id       uuid          NOT NULL,
    slug            varchar(40)   NOT NULL,
    display_name    varchar(200)  NOT NULL,
    kind            varchar(16)   NOT NULL,
    created_at      timestamptz   NOT NULL
);
