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

    public boolean erased() {
        return erasedAt != null;
    }
}
