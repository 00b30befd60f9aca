-- Crossings of the filing threshold (the number of people whose face data the tenant holds). One open row per
-- threshold at most: the alert and its audit entry are written once per crossing, not at every enrolment.
CREATE TABLE filing_alert (
    id          uuid         PRIMARY KEY,
    threshold   bigint       NOT NULL CHECK (threshold >= 1),
    people      bigint       NOT NULL,
    crossed_at  timestamptz  NOT NULL,
    cleared_at  timestamptz
);
CREATE UNIQUE INDEX filing_alert_open ON filing_alert (threshold) WHERE cleared_at IS NULL;
