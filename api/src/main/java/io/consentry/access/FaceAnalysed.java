package io.consentry.access;

import io.consentry.policy.AccessMethod;

import java.util.UUID;

/**
 * Fired (synchronously, outside any transaction) after the engine analysed a frame and before the decision
 * transaction re-checks consent. It carries ids only, never the frame. Nothing in production observes it; tests use
 * it to commit a withdrawal exactly while a decision is in flight.
 *
 * @param subjectId the claimed (1:1) or matched (1:N) subject
 */
public record FaceAnalysed(UUID subjectId, String purpose, AccessMethod method) {
}
