package io.consentry.guardianship;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A guardian (a subject of the tenant) linked to a minor; an ended link stays as history of who could decide when. */
@Entity
@Table(name = "guardian_link")
class GuardianLink extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "guardian_id", nullable = false)
    public UUID guardianId;

    @Column(name = "minor_id", nullable = false)
    public UUID minorId;

    @Column
    public String relationship;

    @Column(name = "created_by", nullable = false)
    public String createdBy;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "ended_at")
    public Instant endedAt;
}
