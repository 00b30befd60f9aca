package io.consentry.access;

import io.consentry.core.audit.Actor;
import io.consentry.core.audit.AuditEvent;
import io.consentry.core.audit.AuditTrail;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.UUID;

/** Writes each decision to the tenant's audit log, inside the deciding transaction. Never images, templates or PINs. */
@ApplicationScoped
public class DecisionJournal {

    public enum ActorKind { DEVICE, USER }

    private final AuditTrail audit;

    DecisionJournal(AuditTrail audit) {
        this.audit = audit;
    }

    public UUID record(ActorKind actorKind, String actorId, String action, UUID subjectId, String purpose, Outcome outcome,
                       Map<String, String> details) {
        Actor actor = actorKind == ActorKind.DEVICE ? Actor.device(actorId) : Actor.user(actorId);
        return audit.append(new AuditEvent(actor, action, subjectId == null ? null : subjectId.toString(), purpose,
                outcome.name(), details));
    }
}
