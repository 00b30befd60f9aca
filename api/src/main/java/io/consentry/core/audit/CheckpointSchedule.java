package io.consentry.core.audit;

import io.consentry.core.problem.ApiException;
import io.consentry.core.work.TenantWork;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * Every tenant's chain head is checkpointed on a schedule (when it moved since the last checkpoint), and checkpoints
 * whose object-store copy could not be written (S3 down) are copied. Every replica runs it; a checkpoint of a head
 * another replica anchored a moment ago is simply the same checkpoint.
 */
@ApplicationScoped
class CheckpointSchedule {

    private static final Logger LOG = Logger.getLogger(CheckpointSchedule.class);
    /** How many of a tenant's latest checkpoints are checked for their object-store copy on each run. */
    private static final int RECENT = 20;

    private final TenantWork work;
    private final AuditCheckpoints checkpoints;

    CheckpointSchedule(TenantWork work, AuditCheckpoints checkpoints) {
        this.work = work;
        this.checkpoints = checkpoints;
    }

    @Scheduled(every = "${consentry.audit.checkpoint-interval:10m}", delayed = "${consentry.audit.checkpoint-delay:1m}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void checkpointAll() {
        for (var tenant : work.liveTenants()) {
            try {
                work.as(tenant, () -> {
                    checkpoints.checkpoint();
                    return checkpoints.uploadMissing(RECENT);
                });
            } catch (ApiException broken) {
                LOG.errorf("The audit log of tenant %s does not verify since its last checkpoint; not checkpointed: %s",
                        tenant.slug, broken.getMessage());
            } catch (RuntimeException e) {
                LOG.warnf("Could not checkpoint the audit log of tenant %s (next run retries): %s", tenant.slug, e.getMessage());
            }
        }
    }
}
