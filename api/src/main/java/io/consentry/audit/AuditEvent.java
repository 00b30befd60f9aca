package io.consentry.audit;

import java.util.Map;

/** STUB of the lead's audit contract (replaced when main's audit log is merged). */
public record AuditEvent(Actor actor, String action, String subjectRef, String purpose, String outcome, Map<String, String> details) {
}
