package io.consentry.platform;

import io.consentry.tenants.registry.Tenant;
import io.consentry.tenants.schema.SchemaMigrationRun;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The tenant schema migration job as an operator follows it: the latest (or running) run with its progress, how many
 * tenants still lag behind the version this api needs, and why each failed one failed.
 */
public record SchemaMigrationView(int requiredVersion, long tenantsBehind, Run run, List<Failure> failures) {

    public record Run(UUID id, String requestedBy, int targetVersion, SchemaMigrationRun.Status status, int total,
                      int migrated, int failed, String currentTenant, Instant startedAt, Instant finishedAt) {

        static Run of(SchemaMigrationRun run) {
            return run == null ? null : new Run(run.id(), run.requestedBy(), run.targetVersion(), run.status(), run.total(),
                    run.migrated(), run.failed(), run.currentTenant(), run.startedAt(), run.finishedAt());
        }
    }

    /** A tenant whose last migration failed: it stays refused until a run migrates it. */
    public record Failure(String tenant, int schemaVersion, String error) {

        static Failure of(Tenant tenant) {
            return new Failure(tenant.slug, tenant.schemaVersion, tenant.schemaError);
        }
    }
}
