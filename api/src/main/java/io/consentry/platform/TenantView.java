package io.consentry.platform;

import io.consentry.tenants.schema.TenantMigrations;
import io.consentry.staff.StaffView;
import io.consentry.tenants.registry.Tenant;
import io.consentry.tenants.registry.TenantKind;
import io.consentry.tenants.registry.TenantStatus;

import java.time.Instant;
import java.util.UUID;

/** A tenant as operators see it: identity, status, and where each of its parts lives. */
public record TenantView(UUID id, String slug, String displayName, TenantKind kind, TenantStatus status,
                         Instant createdAt, Instant suspendedAt, Placement placement, Provisioned provisioned,
                         StaffView firstAdmin, Schema schema) {

    /**
     * The version of the tenant's database schema; {@code current} is false while the migration job has not brought
     * it to the version this api needs (its requests are refused meanwhile), {@code error} says why its last migration failed.
     */
    public record Schema(int version, int required, boolean current, String error) {
    }

    public record Placement(String cell, String keycloakUrl, String realm, String issuer, String databaseUrl,
                            String schema, String s3Endpoint, String bucket) {
    }

    /** Whether each resource exists right now (checked live on single-tenant reads, absent in lists). */
    public record Provisioned(boolean keyset, boolean schema, boolean bucket, boolean realm) {
    }

    static TenantView of(Tenant tenant, Provisioned provisioned) {
        return of(tenant, provisioned, null);
    }

    /** @param firstAdmin only in the answer to the tenant's creation: the admin it was created with */
    static TenantView of(Tenant tenant, Provisioned provisioned, StaffView firstAdmin) {
        return new TenantView(tenant.id, tenant.slug, tenant.displayName, tenant.kind, tenant.status,
                tenant.createdAt, tenant.suspendedAt,
                new Placement(tenant.cell, tenant.keycloakUrl, tenant.realm, tenant.issuer(), tenant.databaseUrl,
                        tenant.dbSchema, tenant.s3Endpoint, tenant.bucket),
                provisioned, firstAdmin,
                new Schema(tenant.schemaVersion, TenantMigrations.LATEST_VERSION,
                        tenant.schemaVersion >= TenantMigrations.LATEST_VERSION, tenant.schemaError));
    }
}
