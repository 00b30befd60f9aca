-- Console sessions (backend-for-frontend), shared by every api replica: the browser holds a random id in a cookie, the
-- row holds its SHA-256 and the realm tokens encrypted with the platform's console key. Bounded: every session has an
-- absolute end, and ended ones are purged.
CREATE TABLE console_session (
    id_hash             bytea         PRIMARY KEY,
    tenant_slug         varchar(40)   NOT NULL,
    tokens              bytea         NOT NULL,
    access_expires_at   timestamptz   NOT NULL,
    refresh_expires_at  timestamptz,
    created_at          timestamptz   NOT NULL,
    expires_at          timestamptz   NOT NULL
);
CREATE INDEX console_session_expires ON console_session (expires_at);
