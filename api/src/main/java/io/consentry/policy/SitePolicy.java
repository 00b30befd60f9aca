package io.consentry.policy;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import java.time.Instant;
import java.util.UUID;

/** One row per site; the shape is validated by {@link PolicyRules} before it is written. */
@Entity
@Table(name = "site_policy")
public class SitePolicy extends PanacheEntityBase {

    @Id
    @Column(name = "site_id")
    public UUID siteId;

    /** Comma list of {@link AccessMethod} names. */
    @Column(nullable = false, length = 200)
    public String methods;

    /** Comma list of {@link ClaimType} names (empty unless FACE_1_1 is allowed). */
    @Column(name = "face_claim_types", nullable = false, length = 100)
    public String faceClaimTypes;

    @Column(name = "liveness_required", nullable = false)
    public boolean livenessRequired;

    @Column(name = "liveness_threshold", nullable = false)
    public double livenessThreshold;

    @Column(name = "target_far", nullable = false)
    public double targetFar;

    /** The false-positive identification rate a FACE_1_N site aims for; null when the site does not identify. */
    @Column(name = "target_fpir")
    public Double targetFpir;

    /** The share of members the site accepts to miss at most (null: the pack's ceiling). */
    @Column(name = "max_fnir")
    public Double maxFnir;

    @Column(name = "face_attempts", nullable = false)
    public int faceAttempts;

    /** The purpose FACE_1_1 runs under (kind FACE_VERIFICATION); null: not chosen yet, face decisions fall back. */
    @Column(name = "verification_purpose_id")
    public UUID verificationPurposeId;

    /** The purpose FACE_1_N runs under (kind FACE_IDENTIFICATION); null: not chosen yet, face decisions fall back. */
    @Column(name = "identification_purpose_id")
    public UUID identificationPurposeId;

    /** JSON array of {@link OpeningWindow}, or null for always open. */
    @Column(name = "opening_hours")
    public String openingHours;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Version
    public long version;
}
