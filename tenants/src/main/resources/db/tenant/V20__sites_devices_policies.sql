-- Sites (a gate, a lobby, a branch), the devices registered to them and each site's access policy.

CREATE TABLE site (
    id              uuid          PRIMARY KEY,
    name            varchar(200)  NOT NULL,
    description     varchar(1000),
    time_zone       varchar(64)   NOT NULL,
    created_at      timestamptz   NOT NULL,
    updated_at      timestamptz   NOT NULL,
    CONSTRAINT site_name_unique UNIQUE (name)
);

-- A device's identity is an OAuth2 confidential client in the tenant's realm; client_id ties a token to the row.
-- Revoked devices are kept (status REVOKED) so that the audit log keeps pointing at something.
CREATE TABLE device (
    id                  uuid          PRIMARY KEY,
    site_id             uuid          NOT NULL REFERENCES site (id),
    name                varchar(200)  NOT NULL,
    client_id           varchar(100)  NOT NULL,
    status              varchar(16)   NOT NULL CHECK (status IN ('ACTIVE', 'REVOKED')),
    created_at          timestamptz   NOT NULL,
    secret_rotated_at   timestamptz,
    revoked_at          timestamptz,
    last_seen_at        timestamptz,
    software_version    varchar(100),
    health              varchar(16)   CHECK (health IN ('OK', 'DEGRADED', 'FAILING')),
    health_detail       varchar(500),
    CONSTRAINT device_client_unique UNIQUE (client_id)
);
CREATE INDEX device_site_idx ON device (site_id);

-- One policy per site; methods are a comma list of FACE_1_1, FACE_1_N, PIN, QR, CARD, GUARD.
CREATE TABLE site_policy (
    site_id             uuid              PRIMARY KEY REFERENCES site (id) ON DELETE CASCADE,
    methods             varchar(200)      NOT NULL,
    face_claim_types    varchar(100)      NOT NULL DEFAULT '',
    liveness_required   boolean           NOT NULL,
    liveness_threshold  double precision  NOT NULL,
    target_far          double precision  NOT NULL,
    face_attempts       integer           NOT NULL,
    opening_hours       text,
    updated_at          timestamptz       NOT NULL,
    version             bigint            NOT NULL DEFAULT 0
);
