-- Rate limits and attempt counters shared by every api replica: ten replicas must not allow ten times as much.
-- Keys name what is limited (e.g. device:<id>, face:<device>:<subject>); rows are small and purged when stale.
CREATE TABLE rate_bucket (
    key         varchar(200)      PRIMARY KEY,
    tokens      double precision  NOT NULL,
    updated_at  timestamptz       NOT NULL
);

CREATE TABLE attempt_counter (
    key           varchar(200)  PRIMARY KEY,
    count         integer       NOT NULL,
    window_start  timestamptz   NOT NULL
);
CREATE INDEX attempt_counter_window ON attempt_counter (window_start);
CREATE INDEX rate_bucket_updated ON rate_bucket (updated_at);
