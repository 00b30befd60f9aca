package io.consentry.biometric;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/**
 * The last-interaction clock of a subject's face data: their last enrolment or their last face decision that let them
 * in. Templates idle longer than the configured period are deleted (BIPA: within three years of the last interaction).
 */
@Entity
@Table(name = "biometric_activity")
public class BiometricActivity extends PanacheEntityBase {

    public enum Kind { ENROLMENT, VERIFICATION }

    @Id
    @Column(name = "subject_id")
    public UUID subjectId;

    @Column(name = "last_interaction_at", nullable = false)
    public Instant lastInteractionAt;

    @jakarta.persistence.Enumerated(jakarta.persistence.EnumType.STRING)
    @Column(nullable = false, length = 16)
    public Kind kind;
}
