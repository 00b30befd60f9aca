package io.consentry.access;

import io.consentry.audit.Actor;
import io.consentry.audit.AuditEvent;
import io.consentry.audit.AuditTrail;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Map;
import java.util.UUID;

/** Writes each decision to the tenant's audit log, inside the deciding transaction. Never images, templates or PINs. */
@ApplicationScoped
public class DecisionJournal {

    public enum ActorKind { DEVICE, USER }

    @Inject
    AuditTrail audit;

    public UUID record(ActorKind actorKind, String actorId, String action, UUID subjectId, String purpose, Outcome outcome,
                       Map<String, String> details) {
        Actor actor = actorKind == ActorKind.DEVICE ? Actor.device(actorId) : Actor.user(actorId);
        return audit.append(new AuditEvent(actor, action, subjectId == null ? null : subjectId.toString(), purpose,
                outcome.name(), details));
    }
}
