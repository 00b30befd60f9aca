package io.consentry.usage;

import io.consentry.core.work.BackgroundExecutor;
import io.consentry.core.work.TenantWork;
import io.consentry.tenants.registry.Tenant;
import io.consentry.tenants.storage.TenantBuckets;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Records every live tenant's usage of a day into the platform table: on a schedule (yesterday, to close it, and
 * today, so the operator sees the day so far) and on demand for one day. Each tenant is measured as that tenant, one
 * after the other; a tenant that fails (its schema, its bucket) is logged and reported and the others are recorded.
 */
@ApplicationScoped
public class UsageRecorder {

    private static final Logger LOG = Logger.getLogger(UsageRecorder.class);

    /** What a recording did: how many tenants were recorded, and which failed and why. */
    public record Report(LocalDate day, int recorded, List<Failure> failed) {
    }

    public record Failure(String tenant, String error) {
    }

    private final TenantWork work;
    private final UsageMeter meter;
    private final TenantBuckets buckets;
    private final UsageLedger ledger;
    private final UsageMetrics metrics;
    private final BackgroundExecutor background;

    UsageRecorder(TenantWork work, UsageMeter meter, TenantBuckets buckets, UsageLedger ledger, UsageMetrics metrics,
                  BackgroundExecutor background) {
        this.work = work;
        this.meter = meter;
        this.buckets = buckets;
        this.ledger = ledger;
        this.metrics = metrics;
        this.background = background;
    }

    @Scheduled(every = "${consentry.usage.record-interval:1h}", delayed = "${consentry.usage.record-delay:5m}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        LocalDate today = LocalDate.now(Clock.systemUTC());
        record(today.minusDays(1));
        record(today);
    }

    /**
     * Records {@code day} for every live tenant. Runs on a background thread: each tenant is measured as itself, and
     * the caller's own request (an operator's) stays the caller's.
     */
    public Report recordDay(LocalDate day) {
        return CompletableFuture.supplyAsync(() -> record(day), background).join();
    }

    private Report record(LocalDate day) {
        int recorded = 0;
        List<Failure> failed = new ArrayList<>();
        for (Tenant tenant : work.liveTenants()) {
            try {
                UsageMeter.Counts counts = work.as(tenant, () -> meter.measure(day));
                long bytes = buckets.bytes(tenant);
                Instant now = Instant.now();
                ledger.record(tenant.id, new TenantUsage(tenant.slug, day, counts.verifications(), counts.identifications(),
                        counts.alternativeDecisions(), counts.enrolments(), counts.storedTemplates(), bytes), now);
                if (!day.isBefore(now.atZone(ZoneOffset.UTC).toLocalDate())) {
                    metrics.storedTemplates(tenant.slug, counts.storedTemplates());
                }
                recorded++;
            } catch (RuntimeException e) {
                LOG.warnf("Usage of tenant %s on %s was not recorded (the others go on): %s", tenant.slug, day, e.getMessage());
                failed.add(new Failure(tenant.slug, String.valueOf(e.getMessage())));
            }
        }
        if (!failed.isEmpty()) {
            LOG.warnf("Usage on %s: %d tenants recorded, %d failed", day, recorded, failed.size());
        }
        return new Report(day, recorded, failed);
    }
}
