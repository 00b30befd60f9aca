package io.consentry.purpose;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/**
 * One recorded version of a purpose's impact assessment. Never updated (the database refuses it): a new assessment is
 * a new version, and the latest version is the one that applies.
 */
@Entity
@Table(name = "impact_assessment")
public class ImpactAssessment extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "purpose_id", nullable = false, updatable = false)
    public UUID purposeId;

    @Column(nullable = false, updatable = false)
    public int version;

    @Column(name = "purpose_and_necessity", nullable = false, updatable = false)
    public String purposeAndNecessity;

    @Column(name = "impact_on_individuals", nullable = false, updatable = false)
    public String impactOnIndividuals;

    @Column(name = "risks_and_measures", nullable = false, updatable = false)
    public String risksAndMeasures;

    @Column(nullable = false, updatable = false)
    public String alternatives;

    @Enumerated(EnumType.STRING)
    @Column(name = "processing_location", nullable = false, updatable = false)
    public ProcessingLocation processingLocation;

    @Column(nullable = false, updatable = false)
    public String reviewer;

    @Column(name = "approved_on", nullable = false, updatable = false)
    public LocalDate approvedOn;

    @Column(name = "next_review_on", nullable = false, updatable = false)
    public LocalDate nextReviewOn;

    @Column(name = "recorded_by", nullable = false, updatable = false)
    public String recordedBy;

    @Column(name = "recorded_at", nullable = false, updatable = false)
    public Instant recordedAt;

    @Column(name = "content_hash", nullable = false, updatable = false)
    public String contentHash;
}
