-- Model migration (issue 7): templates know their pack (pack_id); when the configured pack changes, templates of other
-- packs are stale. A stale template is rebuilt from the retained enrolment photo when the subject consented to
-- retention, otherwise the subject is flagged for re-enrolment.

-- A rebuilt template remembers the pack it replaced (counted in the migration status; no biometric data).
ALTER TABLE biometric_template ADD COLUMN rebuilt_from_pack varchar(100);
ALTER TABLE biometric_template ADD COLUMN rebuilt_at timestamptz;
CREATE INDEX biometric_template_pack ON biometric_template (pack_id, subject_id);

-- Subjects who must enrol again for the pack named here; removed by their next enrolment or by the deletion of all
-- their biometric data (withdrawal, erasure).
CREATE TABLE reenrolment_flag (
    subject_id      uuid          PRIMARY KEY REFERENCES subject (id),
    pack_id         varchar(100)  NOT NULL,
    stale_pack_id   varchar(100)  NOT NULL,
    reason          varchar(64)   NOT NULL,
    flagged_at      timestamptz   NOT NULL
);
CREATE INDEX reenrolment_flag_pack ON reenrolment_flag (pack_id);
