package io.consentry.subjectrequest;

import io.consentry.core.work.TenantWork;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;

/** Every hour, open requests past their statutory due date are flagged once per tenant (audit entry, queue count). */
@ApplicationScoped
class OverdueRequests {

    private static final Logger LOG = Logger.getLogger(OverdueRequests.class);

    private final TenantWork work;
    private final SubjectRequests requests;

    OverdueRequests(TenantWork work, SubjectRequests requests) {
        this.work = work;
        this.requests = requests;
    }

    @Scheduled(every = "${consentry.requests.overdue-interval:1h}", delayed = "60s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        Instant now = Instant.now();
        for (var tenant : work.liveTenants()) {
            try {
                int flagged = work.as(tenant, () -> requests.flagOverdue(now));
                if (flagged > 0) {
                    LOG.infof("%d subject requests of tenant %s are overdue", flagged, tenant.slug);
                }
            } catch (RuntimeException e) {
                LOG.warnf("Overdue check for tenant %s failed: %s", tenant.slug, e.getMessage());
            }
        }
    }
}
