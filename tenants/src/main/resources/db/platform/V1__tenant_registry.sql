-- The platform's registry of tenants: who they are and where each part of them lives (their cell).
CREATE TABLE tenant (
    id              uuid          PRIMARY KEY,
    slug            varchar(40)   NOT NULL UNIQUE,
    display_name    varchar(200)  NOT NULL,
    kind            varchar(16)   NOT NULL CHECK (kind IN ('MALL', 'BANK', 'COMPOUND', 'OTHER')),
    status          varchar(16)   NOT NULL CHECK (status IN ('PROVISIONING', 'ACTIVE', 'SUSPENDED', 'DELETING')),
    cell            varchar(64)   NOT NULL,
    keycloak_url    varchar(500)  NOT NULL,
    realm           varchar(100)  NOT NULL,
    database_url    varchar(500)  NOT NULL,
    db_schema       varchar(100)  NOT NULL,
    s3_endpoint     varchar(500)  NOT NULL,
    bucket          varchar(63)   NOT NULL,
    created_at      timestamptz   NOT NULL,
    updated_at      timestamptz   NOT NULL,
    suspended_at    timestamptz,
    version         bigint        NOT NULL DEFAULT 0
);

-- One row per tenant: its AEAD keyset, encrypted (wrapped) by the platform master key.
-- Deleting the row is the crypto-shred: without it nothing of the tenant can be decrypted.
CREATE TABLE tenant_keyset (
    tenant_id       uuid          PRIMARY KEY REFERENCES tenant (id),
    wrapped_keyset  bytea         NOT NULL,
    primary_key_id  bigint        NOT NULL,
    created_at      timestamptz   NOT NULL,
    rotated_at      timestamptz
);
