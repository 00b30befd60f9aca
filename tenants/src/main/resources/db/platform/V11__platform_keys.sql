-- The platform's own keys, one Tink keyset per purpose (console sign-in state, audit checkpoint signatures, decoys),
-- wrapped by the platform master key like the tenant keysets. Made on first use by whichever replica needs one first;
-- never updated or deleted by the api (its role may only insert and read here).
CREATE TABLE platform_key (
    purpose         varchar(64)   PRIMARY KEY,
    wrapped_keyset  bytea         NOT NULL,
    public_keyset   text,
    key_id          bigint        NOT NULL,
    created_at      timestamptz   NOT NULL
);
