package io.consentry.consent;

import java.util.UUID;

/**
 * Fired inside the transaction that creates or deletes a subject's templates or changes an identification consent.
 * Gallery caches observe it with {@code @Observes(during = TransactionPhase.AFTER_SUCCESS)} and drop the subject.
 */
public record BiometricsChanged(UUID tenantId, UUID subjectId) {
}
