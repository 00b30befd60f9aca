-- Data-subject export packages (right of access / portability). The package itself is encrypted in the tenant bucket
-- and kept for a limited time; the row stays as minimal evidence (ids, document hash, times) after the document goes.
CREATE TABLE data_export (
    id              uuid          PRIMARY KEY,
    subject_id      uuid          NOT NULL,
    requested_by    varchar(16)   NOT NULL CHECK (requested_by IN ('SUBJECT', 'ADMIN')),
    object_key      varchar(300)  NOT NULL,
    document_hash   varchar(64)   NOT NULL,
    size_bytes      integer       NOT NULL,
    key_id          bigint        NOT NULL,
    created_at      timestamptz   NOT NULL,
    expires_at      timestamptz   NOT NULL,
    erased_at       timestamptz
);
CREATE INDEX data_export_subject_idx ON data_export (subject_id);
CREATE INDEX data_export_due_idx ON data_export (expires_at) WHERE erased_at IS NULL;
