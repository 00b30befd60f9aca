package io.consentry.filing;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** One crossing of the filing threshold; open (cleared_at null) while the tenant stays at or above it. */
@Entity
@Table(name = "filing_alert")
public class FilingAlert extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(nullable = false)
    public long threshold;

    /** How many people's face data the tenant held when it crossed. */
    @Column(nullable = false)
    public long people;

    @Column(name = "crossed_at", nullable = false)
    public Instant crossedAt;

    @Column(name = "cleared_at")
    public Instant clearedAt;
}
