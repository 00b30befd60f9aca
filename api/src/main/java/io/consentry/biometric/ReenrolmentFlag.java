package io.consentry.biometric;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/**
 * The subject's templates were made by a model pack that is no longer configured and could not be rebuilt (no
 * retention consent, no retained photo, or the photo does not pass the current pack): they must enrol again.
 */
@Entity
@Table(name = "reenrolment_flag")
public class ReenrolmentFlag extends PanacheEntityBase {

    @Id
    @Column(name = "subject_id")
    public UUID subjectId;

    /** The pack they must enrol with (the one configured when they were flagged). */
    @Column(name = "pack_id", nullable = false)
    public String packId;

    @Column(name = "stale_pack_id", nullable = false)
    public String stalePackId;

    @Column(nullable = false)
    public String reason;

    @Column(name = "flagged_at", nullable = false)
    public Instant flaggedAt;
}
