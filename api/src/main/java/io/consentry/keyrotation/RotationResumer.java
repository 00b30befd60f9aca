package io.consentry.keyrotation;

import io.consentry.core.work.TenantWork;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * A rotation interrupted by a restart, a database outage or an upload that waited for S3 finishes by itself: on a
 * schedule, every tenant whose rotation is not complete (records on an old key, or old keys still enabled) gets its
 * re-encryption resumed, unless it is already running on this replica. Running it twice is harmless: each batch takes
 * what is still on an old key.
 */
@ApplicationScoped
class RotationResumer {

    private static final Logger LOG = Logger.getLogger(RotationResumer.class);

    private final TenantWork work;
    private final KeyRotation rotation;

    RotationResumer(TenantWork work, KeyRotation rotation) {
        this.work = work;
        this.rotation = rotation;
    }

    @Scheduled(every = "${consentry.keys.resume-interval:5m}", delayed = "${consentry.keys.resume-delay:2m}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void resumeUnfinished() {
        java.util.List<io.consentry.tenants.registry.Tenant> tenants;
        try {
            tenants = work.liveTenants();
        } catch (RuntimeException e) {
            // The database is away: the next round tries again, which is the point of this job.
            LOG.warnf("Could not list the tenants to resume key rotations: %s", e.getMessage());
            return;
        }
        for (var tenant : tenants) {
            try {
                work.as(tenant, () -> {
                    KeyRotation.Progress progress = rotation.progress();
                    if (!progress.complete() && !progress.running()) {
                        LOG.infof("Resuming the unfinished key rotation of tenant %s", tenant.slug);
                        rotation.start();
                    }
                    return null;
                });
            } catch (RuntimeException e) {
                LOG.warnf("Could not check the key rotation of tenant %s: %s", tenant.slug, e.getMessage());
            }
        }
    }
}
