package io.consentry.device;

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

/** A gate, turnstile or kiosk. Its identity is the Keycloak client {@link #clientId} of the tenant's realm. */
@Entity
@Table(name = "device")
public class Device extends PanacheEntityBase {

    public enum Status { ACTIVE, REVOKED }

    public enum Health { OK, DEGRADED, FAILING }

    @Id
    public UUID id;

    @Column(name = "site_id", nullable = false)
    public UUID siteId;

    @Column(nullable = false, length = 200)
    public String name;

    @Column(name = "client_id", nullable = false, length = 100)
    public String clientId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    public Status status;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "secret_rotated_at")
    public Instant secretRotatedAt;

    @Column(name = "revoked_at")
    public Instant revokedAt;

    @Column(name = "last_seen_at")
    public Instant lastSeenAt;

    @Column(name = "software_version", length = 100)
    public String softwareVersion;

    @Enumerated(EnumType.STRING)
    @Column(length = 16)
    public Health health;

    @Column(name = "health_detail", length = 500)
    public String healthDetail;

    /** When this device's silence was reported (a health event); cleared by its next heartbeat. */
    @Column(name = "silent_reported_at")
    public Instant silentReportedAt;

    static Optional<Device> findByClientId(String clientId) {
        return find("clientId", clientId).firstResultOptional();
    }
}
