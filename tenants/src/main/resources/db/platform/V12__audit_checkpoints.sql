-- Signed checkpoints of each tenant's audit chain: the head (sequence number and hash) at a moment, signed with the
-- platform's Ed25519 key. A copy goes to the object store (object lock where supported). Verifying a chain against
-- its latest checkpoint detects a truncated tail and a rewritten or reordered chain, which a self-consistent chain
-- alone cannot show. Append-only: the api may insert and read; nobody may change or remove a checkpoint.
CREATE TABLE audit_checkpoint (
    id              uuid          PRIMARY KEY,
    tenant_id       uuid          NOT NULL,
    seq             bigint        NOT NULL CHECK (seq >= 1),
    entry_hash      bytea         NOT NULL,
    payload         text          NOT NULL,
    signature       bytea         NOT NULL,
    key_id          bigint        NOT NULL,
    object_key      varchar(300)  NOT NULL,
    created_at      timestamptz   NOT NULL,
    UNIQUE (tenant_id, seq)
);
CREATE INDEX audit_checkpoint_latest ON audit_checkpoint (tenant_id, seq DESC);

CREATE FUNCTION audit_checkpoint_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_checkpoint is append-only: % is not allowed', TG_OP USING ERRCODE = 'check_violation';
END $$;

CREATE TRIGGER audit_checkpoint_no_update_or_delete BEFORE UPDATE OR DELETE ON audit_checkpoint
    FOR EACH ROW EXECUTE FUNCTION audit_checkpoint_is_append_only();
CREATE TRIGGER audit_checkpoint_no_truncate BEFORE TRUNCATE ON audit_checkpoint
    FOR EACH STATEMENT EXECUTE FUNCTION audit_checkpoint_is_append_only();
