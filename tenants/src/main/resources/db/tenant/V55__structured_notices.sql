-- Structured notices (issue 17, item 3). The data controller of the tenant, as notices and receipts name it: one row,
-- edited by the tenant's admins. Fields may be empty while the admin fills them in; a notice is refused until the
-- required ones are there (checked by the api, so the admin learns which ones are missing).
CREATE TABLE controller_profile (
    id              smallint      PRIMARY KEY CHECK (id = 1),
    name            varchar(200),
    address         varchar(500),
    email           varchar(320),
    phone           varchar(64),
    policy_url      varchar(2000),
    jurisdiction    varchar(16),
    updated_at      timestamptz   NOT NULL,
    updated_by      varchar(200)  NOT NULL
);

-- A notice version's structured content (purpose, method, where processing happens, retention, rights, necessity and
-- impact, alternatives, the receipt terms, and the controller as it stood at publication), as the canonical JSON whose
-- SHA-256 is the version's content_hash. Versions published before this migration have only their text.
ALTER TABLE notice_version ADD COLUMN content text;
