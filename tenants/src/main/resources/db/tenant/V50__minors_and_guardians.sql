-- Minors (issue 17, item 1). A subject carries a birth date or, when it is not known, an age band the admin declares
-- (MINOR: below the age of consent; ADULT: at or above it). Below the age of consent every consent decision is made
-- by a linked guardian; came_of_age_at records when the daily check invited the subject to decide for themselves.
ALTER TABLE subject ADD COLUMN birth_date date;
ALTER TABLE subject ADD COLUMN age_band varchar(16) CHECK (age_band IN ('MINOR', 'ADULT'));
ALTER TABLE subject ADD COLUMN came_of_age_at timestamptz;

-- A guardian is a person of this tenant with a subject row of their own (name, contact, their own portal
-- invitations and sessions). The link says for whom they decide; unlinking keeps the row with ended_at (history of
-- who could decide when).
CREATE TABLE guardian_link (
    id              uuid          PRIMARY KEY,
    guardian_id     uuid          NOT NULL REFERENCES subject (id),
    minor_id        uuid          NOT NULL REFERENCES subject (id),
    relationship    varchar(100),
    created_by      varchar(200)  NOT NULL,
    created_at      timestamptz   NOT NULL,
    ended_at        timestamptz,
    CHECK (guardian_id <> minor_id)
);
CREATE UNIQUE INDEX guardian_link_live ON guardian_link (guardian_id, minor_id) WHERE ended_at IS NULL;
CREATE INDEX guardian_link_minor ON guardian_link (minor_id);
