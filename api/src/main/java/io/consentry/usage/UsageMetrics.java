package io.consentry.usage;

import io.consentry.core.audit.AuditAppended;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Prometheus metrics labelled by tenant, counted from committed audit entries (the same entries usage counts):
 * {@code consentry_decisions_total{tenant,method,outcome}}, {@code consentry_enrolments_total{tenant}} and the gauge
 * {@code consentry_stored_templates{tenant}} (set whenever the usage recorder measures the tenant). Cardinality is
 * bounded: tenant slugs × six methods × three outcomes; any other action or outcome is not counted.
 */
@ApplicationScoped
public class UsageMetrics {

    private final MeterRegistry meters;
    private final Map<String, AtomicLong> storedTemplates = new ConcurrentHashMap<>();

    UsageMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    void afterCommit(@Observes(during = TransactionPhase.AFTER_SUCCESS) AuditAppended entry) {
        if (entry.tenant() == null) {
            return;
        }
        String method = UsageActions.method(entry.action());
        if (method != null && UsageActions.DECISION_OUTCOMES.contains(entry.outcome())) {
            Counter.builder("consentry.decisions").description("Access decisions by tenant, method and outcome")
                    .tag("tenant", entry.tenant()).tag("method", method).tag("outcome", entry.outcome())
                    .register(meters).increment();
        } else if (UsageActions.ENROLMENTS.contains(entry.action()) && UsageActions.ENROLMENT_OK.equals(entry.outcome())) {
            Counter.builder("consentry.enrolments").description("Faces enrolled or replaced, by tenant")
                    .tag("tenant", entry.tenant()).register(meters).increment();
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
