package io.consentry.subject;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A person whose face may be processed: resident, staff, member. Erasure keeps only the id and the times. */
@Entity
@Table(name = "subject")
class Subject extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "external_ref", nullable = false, unique = true)
    public String externalRef;

    @Column(name = "display_name")
    public String displayName;

    @Column
    public String contact;

    /** When the subject last proved they receive mail at {@link #contact}; cleared when an admin changes it. */
    @Column(name = "contact_verified_at")
    public Instant contactVerifiedAt;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "erased_at")
    public Instant erasedAt;

    /** Known birth date (null when unknown); decides, with the age of consent, whether a guardian decides. */
    @Column(name = "birth_date")
    public java.time.LocalDate birthDate;

    /** Declared by the admin when the birth date is not known: MINOR or ADULT. */
    @Column(name = "age_band")
    @jakarta.persistence.Enumerated(jakarta.persistence.EnumType.STRING)
    public AgeBand ageBand;

    /** When the daily check saw the subject reach the age of consent and invited them to decide for themselves. */
    @Column(name = "came_of_age_at")
    public Instant cameOfAgeAt;

    public boolean erased() {
        return erasedAt != null;
    }
}
