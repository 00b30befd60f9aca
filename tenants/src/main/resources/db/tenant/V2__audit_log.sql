-- The tenant's audit log: append-only, every entry chained to the previous one by SHA-256.
CREATE TABLE audit_entry (
    seq          bigint        PRIMARY KEY,
    id           uuid          NOT NULL UNIQUE,
    occurred_at  timestamptz   NOT NULL,
    actor_type   varchar(16)   NOT NULL,
    actor_id     varchar(200)  NOT NULL,
    action       varchar(100)  NOT NULL,
    subject_ref  varchar(200),
    purpose      varchar(100),
    outcome      varchar(50)   NOT NULL,
    details      jsonb         NOT NULL DEFAULT '{}'::jsonb,
    prev_hash    bytea         NOT NULL,
    entry_hash   bytea         NOT NULL
);

CREATE INDEX audit_entry_occurred_at ON audit_entry (occurred_at);
CREATE INDEX audit_entry_subject_ref ON audit_entry (subject_ref);
CREATE INDEX audit_entry_action ON audit_entry (action);

-- The database itself refuses to rewrite history. (A superuser can still bypass triggers; the hash chain is
-- what detects that.)
CREATE FUNCTION audit_entry_is_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit_entry is append-only: % is not allowed', TG_OP;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER audit_entry_no_update_or_delete BEFORE UPDATE OR DELETE ON audit_entry
    FOR EACH ROW EXECUTE FUNCTION audit_entry_is_append_only();
CREATE TRIGGER audit_entry_no_truncate BEFORE TRUNCATE ON audit_entry
    FOR EACH STATEMENT EXECUTE FUNCTION audit_entry_is_append_only();
