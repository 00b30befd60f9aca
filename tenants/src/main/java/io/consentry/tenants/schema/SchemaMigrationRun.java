package io.consentry.tenants.schema;

import java.time.Instant;
import java.util.UUID;

/** One run of the tenant schema migration job, as operators follow it. */
public record SchemaMigrationRun(UUID id, String requestedBy, int targetVersion, Status status, int total, int migrated,
                                 int failed, String currentTenant, Instant startedAt, Instant finishedAt) {

    public enum Status {
        /** Working through the tenants behind the target version (one replica at a time). */
        RUNNING,
        /** Every tenant it found is at the target version. */
        FINISHED,
        /** Done, but at least one tenant's migration failed; those tenants stay refused (see their schemaError). */
        FAILED,
        /** Its replica stopped before finishing; the next run takes over where it stopped. */
        ABANDONED
    }
}
