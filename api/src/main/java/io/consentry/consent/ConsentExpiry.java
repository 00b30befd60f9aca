package io.consentry.consent;

import io.consentry.core.audit.Actor;
import io.consentry.core.work.TenantWork;
import io.consentry.purpose.PurposeCatalog;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.List;

/**
 * Ends grants whose purpose's retention period has passed, with the same effects as a withdrawal (EXPIRED event,
 * templates and kept photos deleted when nothing covers them any more, gallery caches told). The consent ledger
 * already treats such grants as inactive before this job writes the event, so there is no window of processing.
 */
@ApplicationScoped
public class ConsentExpiry {

    private static final Logger LOG = Logger.getLogger(ConsentExpiry.class);
    private static final Actor JOB = Actor.system("consent-expiry");

    private final TenantWork work;
    private final ConsentLedger ledger;
    private final ConsentService consents;
    private final PurposeCatalog catalog;
    private final io.consentry.subject.SubjectDirectory subjects;

    ConsentExpiry(TenantWork work, ConsentLedger ledger, ConsentService consents, PurposeCatalog catalog,
                  io.consentry.subject.SubjectDirectory subjects) {
        this.work = work;
        this.ledger = ledger;
        this.consents = consents;
        this.catalog = catalog;
        this.subjects = subjects;
    }

    @Scheduled(every = "${consentry.consent.expiry-interval:1h}", delayed = "30s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        for (var tenant : work.liveTenants()) {
            try {
                int expired = work.as(tenant, () -> expireDue(Instant.now()));
                if (expired > 0) {
                    LOG.infof("Expired %d consents of tenant %s", expired, tenant.slug);
                }
            } catch (RuntimeException e) {
                LOG.warnf("Consent expiry for tenant %s failed: %s", tenant.slug, e.getMessage());
            }
        }
    }

    /** Expires every grant of the current tenant due at {@code now}; returns how many. */
    public int expireDue(Instant now) {
        int total = 0;
        List<ConsentLedger.Due> due;
        while (!(due = ledger.dueForExpiry(now, 100)).isEmpty()) {
            for (ConsentLedger.Due d : due) {
                expireOne(d);
                total++;
            }
        }
        return total;
    }

    @Transactional
    void expireOne(ConsentLedger.Due due) {
        // Every replica runs this job: under the subject's lock, only the first one finds the grant still open.
        subjects.lock(due.subjectId());
        if (!ledger.latestIsGrant(due.subjectId(), due.purposeId())) {
            return;
        }
        consents.end(due.subjectId(), catalog.byId(due.purposeId()).orElseThrow(), ConsentEvent.Type.EXPIRED, "retention-expiry", "system", JOB, false);
    }
}
