package io.consentry.core.audit;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * Fired synchronously by {@link AuditTrail#append} inside the appending transaction, after the entry is persisted:
 * an observer that writes in the same transaction (the webhook outbox) commits or rolls back with the operation the
 * entry records. {@code details} are the entry's small facts (see {@link AuditEvent}); observers pick what they need.
 */
public record AuditAppended(UUID entryId, Instant occurredAt, ActorType actorType, String action, String subjectRef,
                            String purpose, String outcome, Map<String, String> details) {
}
