-- One-time setup links of staff accounts (issue 18, onboarding): the person who opens one chooses their password.
-- Only the SHA-256 of the token is kept; a link is used once, expires, and a newer link for the same account
-- replaces the older ones.
CREATE TABLE staff_setup_token (
    id           uuid          PRIMARY KEY,
    user_id      varchar(64)   NOT NULL,
    token_hash   bytea         NOT NULL UNIQUE,
    created_by   varchar(200)  NOT NULL,
    created_at   timestamptz   NOT NULL,
    expires_at   timestamptz   NOT NULL,
    used_at      timestamptz,
    replaced_at  timestamptz
);
CREATE INDEX staff_setup_token_user ON staff_setup_token (user_id);
