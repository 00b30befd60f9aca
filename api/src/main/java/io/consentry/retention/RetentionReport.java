package io.consentry.retention;

import io.consentry.core.audit.AuditEntryView;
import io.consentry.core.audit.AuditLog;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the tenant deleted, when and why, read from the audit log (the one record that cannot be rewritten): idle face
 * data (the inactivity sweep), withdrawals and expiries that took templates or kept photos with them, purpose
 * retirements and erasures.
 */
@ApplicationScoped
public class RetentionReport {

    /** Entries listed whatever they deleted. */
    static final Set<String> ALWAYS = Set.of(InactivitySweep.ACTION, "subject.erased");
    /** Entries listed when they deleted templates or photos. */
    static final Set<String> COUNTED = Set.of("consent.withdrawn", "consent.expired");
    static final List<String> COUNT_KEYS = List.of("templatesDeleted", "imagesDeleted");

    public enum Reason { INACTIVITY, CONSENT_WITHDRAWN, CONSENT_EXPIRED, PURPOSE_RETIRED, ERASURE }

    /**
     * One deletion.
     *
     * @param subjectId the subject whose data went (ids only: no name, no face data)
     * @param purpose   the purpose whose end caused it, when one did
     * @param auditSeq  the audit entry that proves it
     */
    public record Deletion(Instant at, Reason reason, String subjectId, String purpose, long templatesDeleted,
                           long imagesDeleted, String actor, long auditSeq) {
    }

    public record Report(RetentionSchedule.View schedule, Instant from, Instant to, List<Deletion> deletions) {
    }

    private final AuditLog log;
    private final RetentionSchedule schedule;

    RetentionReport(AuditLog log, RetentionSchedule schedule) {
        this.log = log;
        this.schedule = schedule;
    }

    public Report between(Instant from, Instant to, int limit) {
        List<Deletion> rows = log.deletions(ALWAYS, COUNTED, COUNT_KEYS, from, to, limit).stream().map(RetentionReport::of).toList();
        return new Report(schedule.view(), from, to, rows);
    }

    private static Deletion of(AuditEntryView e) {
        Map<String, String> d = e.details();
        return new Deletion(e.occurredAt(), reason(e), e.subjectRef(), e.purpose(), number(d.get("templatesDeleted")),
                number(d.get("imagesDeleted")), e.actorType().name().toLowerCase() + ":" + e.actorId(), e.seq());
    }

    private static Reason reason(AuditEntryView e) {
        String method = e.details().getOrDefault("method", "");
        return switch (e.action()) {
            case InactivitySweep.ACTION -> Reason.INACTIVITY;
            case "subject.erased" -> Reason.ERASURE;
            case "consent.expired" -> Reason.CONSENT_EXPIRED;
            default -> switch (method) {
                case "purpose-retired" -> Reason.PURPOSE_RETIRED;
                case "erasure" -> Reason.ERASURE;
                default -> Reason.CONSENT_WITHDRAWN;
            };
        };
    }

    private static long number(String value) {
        try {
            return value == null ? 0 : Long.parseLong(value);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
