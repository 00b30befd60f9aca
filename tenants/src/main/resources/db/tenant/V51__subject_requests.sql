-- Data-subject requests (issue 17, item 7): access, correction or erasure, filed in the portal by the subject or by
-- a minor's guardian, each with the statutory deadline of the tenant's jurisdiction, answered by an admin.
CREATE TABLE subject_request (
    id                  uuid          PRIMARY KEY,
    subject_id          uuid          NOT NULL REFERENCES subject (id),
    filed_by            uuid          NOT NULL REFERENCES subject (id),
    type                varchar(16)   NOT NULL CHECK (type IN ('ACCESS', 'CORRECTION', 'ERASURE')),
    details             varchar(4000),
    status              varchar(16)   NOT NULL CHECK (status IN ('OPEN', 'IN_PROGRESS', 'ANSWERED', 'REJECTED')),
    jurisdiction        varchar(16)   NOT NULL,
    filed_at            timestamptz   NOT NULL,
    due_at              timestamptz   NOT NULL,
    answer              varchar(4000),
    answered_by         varchar(200),
    answered_at         timestamptz,
    overdue_alerted_at  timestamptz
);
CREATE INDEX subject_request_subject ON subject_request (subject_id, filed_at);
CREATE INDEX subject_request_open ON subject_request (due_at) WHERE status IN ('OPEN', 'IN_PROGRESS');
