-- Signed webhooks (issue 18, item 3). A subscription names the HTTP(S) endpoint of one receiver of this tenant and the
-- event types it wants; its signing secret is stored encrypted with the tenant keyset (bound to the row) because the
-- platform must read it to sign. During a rotation the previous secret signs as well until previous_until.
CREATE TABLE webhook_subscription (
    id                  uuid         PRIMARY KEY,
    url                 varchar(2000) NOT NULL,
    description         varchar(500),
    event_types         varchar(1000) NOT NULL,
    active              boolean      NOT NULL,
    secret              bytea        NOT NULL,
    secret_key_id       bigint       NOT NULL,
    previous_secret     bytea,
    previous_key_id     bigint,
    previous_until      timestamptz,
    created_at          timestamptz  NOT NULL,
    updated_at          timestamptz  NOT NULL
);

-- The outbox: one row per (event, subscription), written in the transaction of the change it reports. The body is the
-- CloudEvent exactly as it is signed and sent (ids and outcomes only). A row is claimed with FOR UPDATE SKIP LOCKED.
CREATE TABLE webhook_delivery (
    seq                 bigserial    PRIMARY KEY,
    id                  uuid         NOT NULL UNIQUE,
    subscription_id     uuid         NOT NULL REFERENCES webhook_subscription (id) ON DELETE CASCADE,
    event_id            uuid         NOT NULL,
    event_type          varchar(100) NOT NULL,
    body                text         NOT NULL,
    status              varchar(20)  NOT NULL CHECK (status IN ('PENDING', 'DELIVERED', 'DEAD')),
    attempts            integer      NOT NULL DEFAULT 0,
    created_at          timestamptz  NOT NULL,
    next_attempt_at     timestamptz  NOT NULL,
    delivered_at        timestamptz,
    last_status         integer,
    last_error          varchar(500)
);
CREATE INDEX webhook_delivery_due ON webhook_delivery (next_attempt_at, seq) WHERE status = 'PENDING';
CREATE INDEX webhook_delivery_subscription ON webhook_delivery (subscription_id, seq);

-- Every attempt: when, the HTTP status (or none) and a short error; never the receiver's body.
CREATE TABLE webhook_attempt (
    id                  bigserial    PRIMARY KEY,
    delivery_seq        bigint       NOT NULL REFERENCES webhook_delivery (seq) ON DELETE CASCADE,
    attempt             integer      NOT NULL,
    attempted_at        timestamptz  NOT NULL,
    duration_ms         integer      NOT NULL,
    http_status         integer,
    error               varchar(500)
);
CREATE INDEX webhook_attempt_delivery ON webhook_attempt (delivery_seq, id);
