package io.consentry.usage;

import io.consentry.core.audit.AuditAppended;
import io.consentry.core.security.CallerTenant;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Prometheus metrics labelled by tenant, counted from committed audit entries (the same entries usage counts; the
{@link AuditAppended} event the audit trail fires for each, shared with the webhook outbox):
 * {@code consentry_decisions_total{tenant,method,outcome}}, {@code consentry_enrolments_total{tenant}} and the gauge
 * {@code consentry_stored_templates{tenant}} (set whenever the usage recorder measures the tenant). Cardinality is
 * bounded: tenant slugs × six methods × three outcomes; any other action or outcome is not counted.
 */
@ApplicationScoped
public class UsageMetrics {

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(UsageMetrics.class);

    private final MeterRegistry meters;
    private final CallerTenant caller;
    private final TransactionSynchronizationRegistry transactions;
    private final Map<String, AtomicLong> storedTemplates = new ConcurrentHashMap<>();

    UsageMetrics(MeterRegistry meters, CallerTenant caller, TransactionSynchronizationRegistry transactions) {
        this.meters = meters;
        this.caller = caller;
        this.transactions = transactions;
    }

    /**
     * Inside the appending transaction: picks the counter (tenant of the request, method, outcome) and increments it
     * only once the transaction committed, so a rolled-back decision is never counted.
     */
    void onAppend(@Observes AuditAppended entry) {
        String method = UsageActions.method(entry.action());
        Counter.Builder counter;
        if (method != null && UsageActions.DECISION_OUTCOMES.contains(entry.outcome())) {
            counter = Counter.builder("consentry.decisions").description("Access decisions by tenant, method and outcome")
                    .tag("method", method).tag("outcome", entry.outcome());
        } else if (UsageActions.ENROLMENTS.contains(entry.action()) && UsageActions.ENROLMENT_OK.equals(entry.outcome())) {
            counter = Counter.builder("consentry.enrolments").description("Faces enrolled or replaced, by tenant");
        } else {
            return;
        }
        String tenant = tenant();
        if (tenant == null) {
            return;
        }
        try {
            countAfterCommit(counter.tag("tenant", tenant).register(meters));
        } catch (RuntimeException e) {
            // A counter must never fail the decision or enrolment it counts.
            LOG.warnf("Usage metric not counted for tenant %s: %s", tenant, e.getMessage());
        }
    }

    private void countAfterCommit(Counter resolved) {
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    resolved.increment();
                }
            }
        });
    }

    private String tenant() {
        try {
            return caller.tenant().map(t -> t.slug).orElse(null);
        } catch (RuntimeException e) {
            return null; // no request context (or no tenant): nothing to label the counter with
        }
    }

    /** The tenant's templates as last measured. */
    void storedTemplates(String tenant, long templates) {
        storedTemplates.computeIfAbsent(tenant, t -> {
            AtomicLong value = new AtomicLong();
            Gauge.builder("consentry.stored.templates", value, AtomicLong::get).description("Templates stored, by tenant")
                    .tag("tenant", t).register(meters);
            return value;
        }).set(templates);
    }
}
