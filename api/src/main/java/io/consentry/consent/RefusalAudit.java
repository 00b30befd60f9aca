package io.consentry.consent;

import io.consentry.core.audit.Actor;
import io.consentry.core.audit.AuditEvent;
import io.consentry.core.audit.AuditOutcome;
import io.consentry.core.audit.AuditTrail;
import io.consentry.core.security.CallerTenant;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import org.jboss.logging.Logger;

import java.util.Map;
import java.util.UUID;

/**
 * Records a refused biometric operation so that the entry survives the refusal: the refusal is thrown as an
 * exception, which rolls back the caller's transaction. Inside a transaction the entry is therefore written right
 * after it completes (in a new one) — not in a nested REQUIRES_NEW transaction, which would wait forever for the
 * per-tenant audit lock if the caller's transaction had already appended to the audit log.
 */
@ApplicationScoped
public class RefusalAudit {

    private static final Logger LOG = Logger.getLogger(RefusalAudit.class);

    private final AuditTrail audit;
    private final TransactionSynchronizationRegistry transactions;
    private final CallerTenant caller;

    RefusalAudit(AuditTrail audit, TransactionSynchronizationRegistry transactions, CallerTenant caller) {
        this.audit = audit;
        this.transactions = transactions;
        this.caller = caller;
    }

    /** @param purpose the purpose code (or, for operations not bound to one purpose, the kind) that was refused */
    public void refused(Actor actor, String action, UUID subjectId, String purpose) {
        refused(actor, action, subjectId, purpose, "consent_required", Map.of());
    }

    /** A refusal for another reason (a problem code), e.g. a face that does not match the subject's enrolled one. */
    public void refused(Actor actor, String action, UUID subjectId, String purpose, String problemCode, Map<String, String> details) {
        AuditEvent event = new AuditEvent(actor, action, subjectId == null ? null : subjectId.toString(), purpose,
                AuditOutcome.refused(problemCode), details);
        if (transactions.getTransactionStatus() != Status.STATUS_ACTIVE) {
            QuarkusTransaction.requiringNew().run(() -> audit.append(event));
            return;
        }
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                try {
                    QuarkusTransaction.requiringNew().run(() -> audit.append(event));
                } catch (RuntimeException e) {
                    LOG.errorf("Could not record a refused %s for subject %s: %s", action, subjectId, e.getMessage());
                }
            }
        });
    }
}
