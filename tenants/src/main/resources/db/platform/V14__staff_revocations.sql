-- Staff accounts whose access tokens the api refuses (issue 18, onboarding). Keycloak stops issuing tokens to a
-- disabled account, but an access token it issued before stays valid until it expires: every api replica checks this
-- table (through a short cache) on each request of a tenant user. A row stays after re-enabling, so that tokens
-- issued before the account was disabled are never accepted again: those of the Keycloak sessions it had then
-- (sessions, the tokens' sid), or for a token without a session, those issued before not_before.
CREATE TABLE staff_revocation (
    tenant_id   uuid          NOT NULL,
    user_id     varchar(64)   NOT NULL,
    disabled    boolean       NOT NULL,
    not_before  timestamptz   NOT NULL,
    sessions    text          NOT NULL DEFAULT '',
    PRIMARY KEY (tenant_id, user_id)
);
