package io.consentry.consent;

import io.consentry.audit.Actor;
import io.consentry.audit.AuditEvent;
import io.consentry.audit.AuditTrail;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.util.Map;
import java.util.UUID;

/**
 * Records a refused biometric operation in its own transaction: the refusal is thrown as an exception, which rolls
 * back the caller's transaction, and the audit entry must survive that.
 */
@ApplicationScoped
public class RefusalAudit {

    @Inject
    AuditTrail audit;

    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void refused(Actor actor, String action, UUID subjectId, PurposeKind kind) {
        audit.append(new AuditEvent(actor, action, subjectId == null ? null : subjectId.toString(), kind.name(),
                "refused:consent_required", Map.of()));
    }
}
