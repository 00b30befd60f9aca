package io.consentry.core.audit;

import java.time.Instant;

/**
 * A checkpoint as the api shows it: what it anchors and where its copies are. {@code payload} (base64url) and
 * {@code signature} (base64url, Ed25519) let anyone check it offline with the platform's checkpoint key.
 */
public record CheckpointView(long seq, String entryHash, Instant checkpointedAt, String objectKey, boolean inObjectStore,
                             boolean objectLock, String payload, String signature, long keyId) {
}
