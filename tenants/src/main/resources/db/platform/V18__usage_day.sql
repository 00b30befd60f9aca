-- Usage metering: one row per tenant and day (UTC), written by the api's usage recorder (io.consentry.usage) so that
-- the operator's usage view reads one table, however many tenants there are. Counts of the day come from the tenant's
-- audit log; stored_templates and object_store_bytes are snapshots taken when the row was recorded.
CREATE TABLE usage_day (
    tenant_id              uuid          NOT NULL,
    tenant_slug            varchar(40)   NOT NULL,
    day                    date          NOT NULL,
    verifications          bigint        NOT NULL,
    identifications        bigint        NOT NULL,
    alternative_decisions  bigint        NOT NULL,
    enrolments             bigint        NOT NULL,
    stored_templates       bigint        NOT NULL,
    object_store_bytes     bigint        NOT NULL,
    recorded_at            timestamptz   NOT NULL,
    PRIMARY KEY (tenant_id, day)
);
CREATE INDEX usage_day_by_day ON usage_day (day, tenant_slug);
CREATE INDEX usage_day_by_slug ON usage_day (tenant_slug, day);
