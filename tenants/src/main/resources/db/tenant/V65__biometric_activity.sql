-- The last-interaction clock of each subject's face data (issue 17, retention): when the subject was last enrolled or
-- last granted by a face decision. Templates of subjects idle longer than the configured period are deleted.
CREATE TABLE biometric_activity (
    subject_id          uuid         PRIMARY KEY,
    last_interaction_at timestamptz  NOT NULL,
    kind                varchar(16)  NOT NULL CHECK (kind IN ('ENROLMENT', 'VERIFICATION'))
);
CREATE INDEX biometric_activity_last ON biometric_activity (last_interaction_at);
-- Subjects enrolled before the clock existed start from their newest template.
INSERT INTO biometric_activity (subject_id, last_interaction_at, kind)
SELECT subject_id, max(created_at), 'ENROLMENT' FROM biometric_template GROUP BY subject_id;
