package io.consentry.dataexport;

import io.consentry.core.work.TenantWork;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;

/** Deletes export packages past their keep time, tenant by tenant (every replica may run it; a row is erased once). */
@ApplicationScoped
public class DataExportPurge {

    private static final Logger LOG = Logger.getLogger(DataExportPurge.class);

    private final TenantWork work;
    private final SubjectDataExports exports;

    DataExportPurge(TenantWork work, SubjectDataExports exports) {
        this.work = work;
        this.exports = exports;
    }

    @Scheduled(every = "${consentry.exports.purge-interval:1h}", delayed = "45s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        for (var tenant : work.liveTenants()) {
            try {
                int purged = work.as(tenant, () -> purgeDue(Instant.now()));
                if (purged > 0) {
                    LOG.infof("Deleted %d expired export packages of tenant %s", purged, tenant.slug);
                }
            } catch (RuntimeException e) {
                LOG.warnf("Export purge for tenant %s failed: %s", tenant.slug, e.getMessage());
            }
        }
    }

    /** Purges everything of the current tenant due at {@code now}; returns how many packages went. */
    public int purgeDue(Instant now) {
        int total = 0;
        int n;
        while ((n = exports.purgeExpired(now, 100)) > 0) {
            total += n;
        }
        return total;
    }
}
