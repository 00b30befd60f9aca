package io.consentry.filing;

import io.consentry.consent.BiometricsChanged;
import io.consentry.core.work.BackgroundExecutor;
import io.consentry.core.work.TenantWork;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import org.jboss.logging.Logger;

/**
 * When the filing threshold is checked: after every committed change of face data (an enrolment adds a person; the
 * check runs after commit, off the request), and on a schedule for whatever else changed the count.
 */
@ApplicationScoped
class FilingChecks {

    private static final Logger LOG = Logger.getLogger(FilingChecks.class);

    private final FilingThreshold filing;
    private final TenantWork work;
    private final BackgroundExecutor background;

    FilingChecks(FilingThreshold filing, TenantWork work, BackgroundExecutor background) {
        this.filing = filing;
        this.work = work;
        this.background = background;
    }

    void afterChange(@Observes(during = TransactionPhase.AFTER_SUCCESS) BiometricsChanged change) {
        background.execute(() -> {
            try {
                work.as(change.tenantId(), filing::check);
            } catch (RuntimeException e) {
                LOG.warnf("Filing check after a change of face data failed (the scheduled check retries): %s", e.getMessage());
            }
        });
    }

    @Scheduled(every = "${consentry.filing.check-interval:1h}", delayed = "90s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        for (var tenant : work.liveTenants()) {
            try {
                work.as(tenant, filing::check);
            } catch (RuntimeException e) {
                LOG.warnf("Filing check for tenant %s failed: %s", tenant.slug, e.getMessage());
            }
        }
    }
}
