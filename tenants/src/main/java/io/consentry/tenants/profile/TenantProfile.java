package io.consentry.tenants.profile;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** The single profile row inside a tenant's own schema (read through the tenant-scoped persistence unit). */
@Entity
@Table(name = "tenant_profile")
public class TenantProfile extends PanacheEntityBase {

    @Id
    public short id;

    @Column(name = "tenant_id", nullable = false)
    public UUID tenantId;

    @Column(nullable = false)
    public String slug;

    @Column(name = "display_name", nullable = false)
    public String displayName;

    @Column(nullable = false)
    public String kind;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    public static TenantProfile current() {
        return findById((short) 1);
    }
}
