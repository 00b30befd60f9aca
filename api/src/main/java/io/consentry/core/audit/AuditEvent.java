package io.consentry.core.audit;

import java.util.Map;
import java.util.Objects;

/**
 * One thing worth proving later. {@code details} holds small facts (ids, codes, scores) — never an image,
 * a template, a PIN or a token.
 */
public record AuditEvent(Actor actor, String action, String subjectRef, String purpose, String outcome,
                         Map<String, String> details) {

    public AuditEvent {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(outcome, "outcome");
        details = details == null ? Map.of() : Map.copyOf(details);
    }

    public static AuditEvent of(Actor actor, String action, String outcome) {
        return new AuditEvent(actor, action, null, null, outcome, Map.of());
    }
}
