package io.consentry.purpose;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** A processing purpose of the tenant's catalogue; subjects consent to each one separately. */
@Entity
@Table(name = "purpose")
public class Purpose extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(nullable = false, unique = true)
    public String code;

    @Column(nullable = false)
    public String title;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public PurposeKind kind;

    @Column(name = "retention_days", nullable = false)
    public int retentionDays;

    @Column(name = "retired_at")
    public Instant retiredAt;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    public static Optional<Purpose> findByCode(String code) {
        return find("code", code).firstResultOptional();
    }
}
