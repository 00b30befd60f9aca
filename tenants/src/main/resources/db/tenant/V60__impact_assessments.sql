-- Personal-information impact assessments (PIPL arts. 55-56): a face purpose is switched on only once one is recorded
-- and approved. Versions are never changed: a new assessment is a new row, the earlier ones stay as they were. They may
-- be deleted only by the retention sweep, once they stopped applying (superseded, or their purpose retired) longer ago
-- than the configured retention (at least three years, art. 56).
CREATE TABLE impact_assessment (
    id                     uuid          PRIMARY KEY,
    purpose_id             uuid          NOT NULL REFERENCES purpose (id),
    version                integer       NOT NULL CHECK (version >= 1),
    purpose_and_necessity  text          NOT NULL,
    impact_on_individuals  text          NOT NULL,
    risks_and_measures     text          NOT NULL,
    alternatives           text          NOT NULL,
    processing_location    varchar(16)   NOT NULL CHECK (processing_location IN ('DEVICE', 'PLATFORM')),
    reviewer               varchar(200)  NOT NULL,
    approved_on            date          NOT NULL,
    next_review_on         date          NOT NULL CHECK (next_review_on > approved_on),
    recorded_by            varchar(200)  NOT NULL,
    recorded_at            timestamptz   NOT NULL,
    content_hash           char(64)      NOT NULL,
    UNIQUE (purpose_id, version)
);

CREATE TRIGGER impact_assessment_immutable BEFORE UPDATE ON impact_assessment
    FOR EACH ROW EXECUTE FUNCTION consentry_immutable();
CREATE TRIGGER impact_assessment_no_truncate BEFORE TRUNCATE ON impact_assessment
    FOR EACH STATEMENT EXECUTE FUNCTION consentry_immutable();
