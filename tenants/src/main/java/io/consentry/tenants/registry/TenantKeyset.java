package io.consentry.tenants.registry;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A tenant's keyset, only ever stored wrapped by the platform master key. */
@Entity
@Table(name = "tenant_keyset")
public class TenantKeyset extends PanacheEntityBase {

    @Id
    @Column(name = "tenant_id")
    public UUID tenantId;

    @Column(name = "wrapped_keyset", nullable = false)
    public byte[] wrappedKeyset;

    @Column(name = "primary_key_id", nullable = false)
    public long primaryKeyId;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "rotated_at")
    public Instant rotatedAt;
}
