-- Consent: purposes with immutable notice versions, subjects, portal tokens, the append-only consent history,
-- receipts, the encrypted biometric store, the storage outbox and the receipt signing key.

CREATE TABLE purpose (
    id              uuid          PRIMARY KEY,
    code            varchar(64)   NOT NULL UNIQUE CHECK (code ~ '^[a-z][a-z0-9-]{1,63}$'),
    title           varchar(200)  NOT NULL,
    kind            varchar(32)   NOT NULL CHECK (kind IN ('FACE_VERIFICATION', 'FACE_IDENTIFICATION', 'ATTRIBUTE_ANALYSIS', 'IMAGE_RETENTION')),
    retention_days  integer       NOT NULL CHECK (retention_days BETWEEN 1 AND 3650),
    retired_at      timestamptz,
    created_at      timestamptz   NOT NULL
);

-- A notice text, once published, never changes: consents point at the version (and hash) they were given for.
CREATE TABLE notice_version (
    id              uuid          PRIMARY KEY,
    purpose_id      uuid          NOT NULL REFERENCES purpose (id),
    version         integer       NOT NULL CHECK (version >= 1),
    language        varchar(16)   NOT NULL,
    text            text          NOT NULL,
    content_hash    char(64)      NOT NULL,
    published_at    timestamptz   NOT NULL,
    UNIQUE (purpose_id, version)
);

CREATE FUNCTION consentry_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'rows of % are immutable (append-only)', TG_TABLE_NAME USING ERRCODE = 'check_violation';
END $$;

CREATE TRIGGER notice_version_immutable BEFORE UPDATE OR DELETE ON notice_version
    FOR EACH ROW EXECUTE FUNCTION consentry_immutable();

CREATE TABLE subject (
    id              uuid          PRIMARY KEY,
    external_ref    varchar(200)  NOT NULL UNIQUE,
    display_name    varchar(200),
    contact         varchar(320),
    created_at      timestamptz   NOT NULL,
    erased_at       timestamptz
);

-- Invitations, portal sessions and personal "manage my consents" links. Only the SHA-256 of a token is stored.
CREATE TABLE portal_token (
    id              uuid          PRIMARY KEY,
    subject_id      uuid          NOT NULL REFERENCES subject (id),
    kind            varchar(16)   NOT NULL CHECK (kind IN ('INVITATION', 'SESSION', 'PERSONAL')),
    token_hash      bytea         NOT NULL UNIQUE,
    created_by      varchar(200)  NOT NULL,
    created_at      timestamptz   NOT NULL,
    expires_at      timestamptz   NOT NULL,
    redeemed_at     timestamptz,
    revoked_at      timestamptz
);
CREATE INDEX portal_token_subject ON portal_token (subject_id, kind);

-- The consent history: append-only. The current state of a (subject, purpose) is its latest event.
CREATE TABLE consent_event (
    seq             bigserial     PRIMARY KEY,
    id              uuid          NOT NULL UNIQUE,
    subject_id      uuid          NOT NULL REFERENCES subject (id),
    purpose_id      uuid          NOT NULL REFERENCES purpose (id),
    event           varchar(16)   NOT NULL CHECK (event IN ('GRANTED', 'REFUSED', 'WITHDRAWN', 'EXPIRED')),
    notice_id       uuid          NOT NULL REFERENCES notice_version (id),
    notice_hash     char(64)      NOT NULL,
    occurred_at     timestamptz   NOT NULL,
    expires_at      timestamptz,
    method          varchar(32)   NOT NULL,
    channel         varchar(32)   NOT NULL,
    receipt_id      uuid
);
CREATE INDEX consent_event_current ON consent_event (subject_id, purpose_id, seq DESC);
CREATE INDEX consent_event_purpose_time ON consent_event (purpose_id, occurred_at);
CREATE TRIGGER consent_event_append_only BEFORE UPDATE OR DELETE ON consent_event
    FOR EACH ROW EXECUTE FUNCTION consentry_immutable();

-- Signed receipts. The signed, encrypted document lives in the tenant bucket; the row is the minimal evidence.
CREATE TABLE receipt (
    id              uuid          PRIMARY KEY,
    subject_id      uuid          NOT NULL REFERENCES subject (id),
    event_id        uuid          NOT NULL REFERENCES consent_event (id),
    object_key      varchar(300)  NOT NULL,
    document_hash   char(64)      NOT NULL,
    key_id          bigint        NOT NULL,
    created_at      timestamptz   NOT NULL,
    erased_at       timestamptz
);
CREATE INDEX receipt_subject ON receipt (subject_id);

-- Templates, only ever encrypted with the tenant AEAD (associated data: tenant, subject, template id).
CREATE TABLE biometric_template (
    id              uuid          PRIMARY KEY,
    subject_id      uuid          NOT NULL REFERENCES subject (id),
    ciphertext      bytea         NOT NULL,
    key_id          bigint        NOT NULL,
    pack_id         varchar(100)  NOT NULL,
    quality         real          NOT NULL,
    created_at      timestamptz   NOT NULL
);
CREATE INDEX biometric_template_subject ON biometric_template (subject_id);
CREATE INDEX biometric_template_key ON biometric_template (key_id);

-- Enrolment photos kept only with an IMAGE_RETENTION consent; encrypted in the tenant bucket.
CREATE TABLE retained_image (
    id              uuid          PRIMARY KEY,
    subject_id      uuid          NOT NULL REFERENCES subject (id),
    template_id     uuid          NOT NULL,
    object_key      varchar(300)  NOT NULL,
    key_id          bigint        NOT NULL,
    created_at      timestamptz   NOT NULL
);
CREATE INDEX retained_image_subject ON retained_image (subject_id);

-- Every write to and delete from the bucket goes through here, in the transaction that decides it, so an S3
-- outage or a crash delays it but never loses it. PUT rows carry the (already encrypted) bytes until uploaded.
CREATE TABLE storage_outbox (
    seq             bigserial     PRIMARY KEY,
    operation       varchar(8)    NOT NULL CHECK (operation IN ('PUT', 'DELETE')),
    object_key      varchar(300)  NOT NULL,
    payload         bytea,
    created_at      timestamptz   NOT NULL,
    attempts        integer       NOT NULL DEFAULT 0,
    last_error      varchar(500),
    next_attempt_at timestamptz   NOT NULL,
    CHECK ((operation = 'PUT') = (payload IS NOT NULL))
);
CREATE INDEX storage_outbox_key ON storage_outbox (object_key);

-- The tenant's receipt signing keyset (Ed25519), wrapped by the tenant AEAD; its public half in clear.
CREATE TABLE receipt_signing_key (
    id              smallint      PRIMARY KEY CHECK (id = 1),
    wrapped_keyset  bytea         NOT NULL,
    key_id          bigint        NOT NULL,
    public_keyset   text          NOT NULL,
    created_at      timestamptz   NOT NULL
);
