-- Non-biometric ways in: PIN (slow hash), QR codes (one-time: hash of a random token; time-based: encrypted
-- secret) and access-card identifiers. Rows are revoked, not deleted, so history stays explainable.
CREATE TABLE alt_credential (
    id                  uuid          PRIMARY KEY,
    subject_id          uuid          NOT NULL,
    kind                varchar(16)   NOT NULL CHECK (kind IN ('PIN', 'QR_ONE_TIME', 'QR_TOTP', 'CARD')),
    status              varchar(16)   NOT NULL CHECK (status IN ('ACTIVE', 'REVOKED', 'USED')),
    label               varchar(200),
    pin_hash            varchar(300),
    token_hash          varchar(64),
    totp_secret         bytea,
    totp_last_step      bigint,
    card_id             varchar(200),
    failed_attempts     integer       NOT NULL DEFAULT 0,
    locked_until        timestamptz,
    expires_at          timestamptz,
    created_at          timestamptz   NOT NULL,
    used_at             timestamptz,
    revoked_at          timestamptz
);
CREATE INDEX alt_credential_subject_idx ON alt_credential (subject_id);
-- A card opens for one subject only, and one active PIN per subject.
CREATE UNIQUE INDEX alt_credential_card_unique ON alt_credential (card_id) WHERE kind = 'CARD' AND status = 'ACTIVE';
CREATE UNIQUE INDEX alt_credential_pin_unique ON alt_credential (subject_id) WHERE kind = 'PIN' AND status = 'ACTIVE';
