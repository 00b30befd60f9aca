package io.consentry.tenants.registry;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** A tenant as the platform knows it: identity, status and where each of its resources lives. */
@Entity
@Table(name = "tenant")
public class Tenant extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(nullable = false, unique = true, length = 40)
    public String slug;

    @Column(name = "display_name", nullable = false, length = 200)
    public String displayName;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    public TenantKind kind;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    public TenantStatus status;

    /** The cell (Keycloak + PostgreSQL + S3 set) the tenant was placed on. */
    @Column(nullable = false, length = 64)
    public String cell;

    @Column(name = "keycloak_url", nullable = false, length = 500)
    public String keycloakUrl;

    @Column(nullable = false, length = 100)
    public String realm;

    @Column(name = "database_url", nullable = false, length = 500)
    public String databaseUrl;

    @Column(name = "db_schema", nullable = false, length = 100)
    public String dbSchema;

    @Column(name = "s3_endpoint", nullable = false, length = 500)
    public String s3Endpoint;

    @Column(nullable = false, length = 63)
    public String bucket;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Column(name = "suspended_at")
    public Instant suspendedAt;

    /** The highest tenant migration applied to its schema (see TenantMigrations.LATEST_VERSION). */
    @Column(name = "schema_version", nullable = false)
    public int schemaVersion;

    /** Why the last migration of its schema failed, until one succeeds. */
    @Column(name = "schema_error", length = 2000)
    public String schemaError;

    @Version
    public long version;

    public static Optional<Tenant> findBySlug(String slug) {
        return find("slug", slug).firstResultOptional();
    }

    public static List<Tenant> listOrdered() {
        return list("order by slug");
    }

    /** The token issuer of the tenant's realm: how a bearer token is tied to exactly one tenant. */
    public String issuer() {
        return keycloakUrl + "/realms/" + realm;
    }

    public TenantSlug tenantSlug() {
        return new TenantSlug(slug);
    }
}
