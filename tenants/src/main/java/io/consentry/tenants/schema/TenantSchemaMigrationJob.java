package io.consentry.tenants.schema;

import io.consentry.tenants.registry.Tenant;
import io.consentry.tenants.registry.TenantRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Brings tenant schemas to the version this code needs, as a background job: started (without waiting) when an api
 * starts and on an operator's request. Start-up itself only counts the tenants that lag behind, so it costs the same
 * with one tenant or ten thousand; a tenant that lags is refused with a problem until the job has migrated it.
 * <p>
 * Resumable by construction: the work is "every live tenant below the target version", read from the registry, so
 * a run that stopped half-way leaves the rest for the next. One tenant failing is recorded on that tenant and the run
 * goes on. One run at a time across replicas (see {@link SchemaMigrationRuns}); Flyway's own lock on each schema's
 * history table guards the rare overlap after a lease expired.
 */
@ApplicationScoped
public class TenantSchemaMigrationJob {

    private static final Logger LOG = Logger.getLogger(TenantSchemaMigrationJob.class);

    private final TenantRegistry registry;
    private final TenantSchemas schemas;
    private final SchemaMigrationRuns runs;
    private final boolean migrateOnStart;
    private final Duration lease;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "consentry-schema-migration");
        thread.setDaemon(true);
        return thread;
    });

    TenantSchemaMigrationJob(TenantRegistry registry, TenantSchemas schemas, SchemaMigrationRuns runs,
                             @ConfigProperty(name = "consentry.tenant-schemas.migrate-on-start", defaultValue = "true") boolean migrateOnStart,
                             @ConfigProperty(name = "consentry.tenant-schemas.run-lease", defaultValue = "PT2M") Duration lease) {
        this.registry = registry;
        this.schemas = schemas;
        this.runs = runs;
        this.migrateOnStart = migrateOnStart;
        this.lease = lease;
    }

    void onStart(@Observes StartupEvent event) {
        long behind = registry.countBehindSchemaVersion(TenantMigrations.LATEST_VERSION);
        if (behind == 0) {
            LOG.infof("Every tenant schema is at version %d", TenantMigrations.LATEST_VERSION);
        } else if (migrateOnStart) {
            LOG.infof("%d tenant schema(s) behind version %d: migrating them in the background; they are refused until then",
                    behind, TenantMigrations.LATEST_VERSION);
            start("api start-up");
        } else {
            LOG.warnf("%d tenant schema(s) behind version %d are refused until an operator runs the schema migration job",
                    behind, TenantMigrations.LATEST_VERSION);
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        worker.shutdownNow();
    }

    /**
     * Starts a run unless one is running (here or on another replica); returns the run that is now running, or the
     * latest one when another replica's run just finished between the two questions.
     */
    public Optional<SchemaMigrationRun> start(String requestedBy) {
        Optional<SchemaMigrationRun> claimed = runs.claim(requestedBy, TenantMigrations.LATEST_VERSION, lease);
        if (claimed.isEmpty()) {
            return runs.current();
        }
        UUID id = claimed.get().id();
        worker.execute(() -> run(id));
        return claimed;
    }

    /** Migrates until no tenant it has not tried yet lags behind; tenants that fall behind meanwhile are picked up too. */
    void run(UUID id) {
        int target = TenantMigrations.LATEST_VERSION;
        Set<UUID> tried = new HashSet<>();
        int total = 0;
        int migrated = 0;
        int failed = 0;
        try {
            while (true) {
                List<Tenant> batch = registry.behindSchemaVersion(target).stream().filter(t -> !tried.contains(t.id)).toList();
                if (batch.isEmpty()) {
                    break;
                }
                total += batch.size();
                for (Tenant tenant : batch) {
                    if (Thread.currentThread().isInterrupted()) {
                        return; // shutting down: the lease runs out and the next run resumes
                    }
                    tried.add(tenant.id);
                    runs.progress(id, total, migrated, failed, tenant.slug, lease);
                    if (migrate(tenant, target)) {
                        migrated++;
                    } else {
                        failed++;
                    }
                }
            }
            runs.progress(id, total, migrated, failed, null, lease);
            runs.finish(id, failed == 0 ? SchemaMigrationRun.Status.FINISHED : SchemaMigrationRun.Status.FAILED);
            LOG.infof("Tenant schema migration finished: %d tenant(s) behind, %d migrated, %d failed", total, migrated, failed);
        } catch (RuntimeException e) {
            // The registry or the run table is unreachable: leave the run to its lease; the next run resumes.
            LOG.errorf(e, "Tenant schema migration stopped after %d of %d tenant(s)", migrated + failed, total);
        }
    }

    private boolean migrate(Tenant tenant, int target) {
        try {
            schemas.migrate(tenant);
            registry.recordSchemaVersion(tenant.id, target);
            return true;
        } catch (RuntimeException e) {
            String reason = rootMessage(e);
            registry.recordSchemaFailure(tenant.id, reason);
            LOG.warnf("Migrating the schema of tenant %s failed (the tenant stays refused; the others go on): %s", tenant.slug, reason);
            return false;
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return message == null ? root.getClass().getSimpleName() : message;
    }
}
