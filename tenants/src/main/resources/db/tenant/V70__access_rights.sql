-- Access rights (issue 18, item 2): groups of subjects, their memberships (optionally for a period), and which groups
-- may enter each site and when. A site with no rights row is open to every subject of the tenant, as before.
CREATE TABLE access_group (
    id           uuid          PRIMARY KEY,
    name         varchar(200)  NOT NULL,
    description  varchar(1000),
    created_at   timestamptz   NOT NULL,
    updated_at   timestamptz   NOT NULL
);
CREATE UNIQUE INDEX access_group_name ON access_group (lower(name));

-- A membership counts from valid_from (inclusive) until valid_until (exclusive); an open end has no bound.
-- Erasing a subject deletes their memberships (the erasure does it explicitly; the cascade is the safety net).
CREATE TABLE access_group_member (
    id           uuid          PRIMARY KEY,
    group_id     uuid          NOT NULL REFERENCES access_group (id) ON DELETE CASCADE,
    subject_id   uuid          NOT NULL REFERENCES subject (id) ON DELETE CASCADE,
    valid_from   timestamptz,
    valid_until  timestamptz,
    added_at     timestamptz   NOT NULL,
    UNIQUE (group_id, subject_id),
    CHECK (valid_from IS NULL OR valid_until IS NULL OR valid_from < valid_until)
);
CREATE INDEX access_group_member_subject ON access_group_member (subject_id);

-- One row per group allowed at a site; weekly is the JSON list of windows ({days, from, to}) in the site's time zone,
-- an empty list meaning at any time. A group in use by a site cannot be deleted (no cascade on group_id).
CREATE TABLE site_access_right (
    id           uuid          PRIMARY KEY,
    site_id      uuid          NOT NULL REFERENCES site (id) ON DELETE CASCADE,
    group_id     uuid          NOT NULL REFERENCES access_group (id),
    weekly       text          NOT NULL,
    UNIQUE (site_id, group_id)
);
CREATE INDEX site_access_right_group ON site_access_right (group_id);

-- Dated exceptions of a site (holidays): closed all day, or other hours (JSON windows {from, to}) that replace every
-- group's weekly windows on that date, in the site's time zone.
CREATE TABLE site_access_exception (
    id           uuid          PRIMARY KEY,
    site_id      uuid          NOT NULL REFERENCES site (id) ON DELETE CASCADE,
    day          date          NOT NULL,
    closed       boolean       NOT NULL,
    hours        text          NOT NULL,
    note         varchar(200),
    UNIQUE (site_id, day)
);

-- Bumped in every transaction that changes a group, a membership or a site's rights: each replica compares it with
-- the version its cached rights were built at, so a change made on another replica is seen by the next decision.
CREATE TABLE access_rights_version (
    id       smallint  PRIMARY KEY CHECK (id = 1),
    version  bigint    NOT NULL
);
INSERT INTO access_rights_version (id, version) VALUES (1, 0);
