package io.consentry.usage;

import io.consentry.biometric.TemplateVault;
import io.consentry.core.audit.AuditLog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/** Measures the current tenant's usage of one day, asking each owner: the audit log and the template vault. */
@ApplicationScoped
public class UsageMeter {

    /** What the tenant's own schema says about a day; the bucket is measured apart (it is not in the database). */
    public record Counts(long verifications, long identifications, long alternativeDecisions, long enrolments, long storedTemplates) {
    }

    private final AuditLog audit;
    private final TemplateVault vault;

    UsageMeter(AuditLog audit, TemplateVault vault) {
        this.audit = audit;
        this.vault = vault;
    }

    @Transactional
    public Counts measure(LocalDate day) {
        Instant from = day.atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant to = day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        long verifications = 0, identifications = 0, alternatives = 0, enrolments = 0;
        for (AuditLog.Count row : audit.countBetween(UsageActions.decisionActions(), from, to)) {
            if (!UsageActions.DECISION_OUTCOMES.contains(row.outcome())) {
                continue;
            }
            if (UsageActions.VERIFICATION.equals(row.action())) {
                verifications += row.count();
            } else if (UsageActions.IDENTIFICATION.equals(row.action())) {
                identifications += row.count();
            } else {
                alternatives += row.count();
            }
        }
        for (AuditLog.Count row : audit.countBetween(UsageActions.ENROLMENTS, from, to)) {
            if (UsageActions.ENROLMENT_OK.equals(row.outcome())) {
                enrolments += row.count();
            }
        }
        return new Counts(verifications, identifications, alternatives, enrolments, vault.counts().templates());
    }
}
