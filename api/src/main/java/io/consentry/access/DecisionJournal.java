package io.consentry.access;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.UUID;

/** Writes each decision to the tenant's audit log, inside the deciding transaction. Never images, templates or PINs. */
@ApplicationScoped
public class DecisionJournal {

    public enum ActorKind { DEVICE, USER }

    public UUID record(ActorKind actorKind, String actorId, String action, UUID subjectId, String purpose, Outcome outcome,
                       Map<String, String> details) {
        return null;
    }
}
