package io.consentry.core.audit;

import java.time.Instant;
import java.util.UUID;

/**
 * What a checkpoint says, as signed: the tenant's audit chain had {@code seq} entries, the last one hashing to
 * {@code entryHash}, at {@code checkpointedAt}. Serialised in this field order; the signature covers the exact bytes.
 */
public record Checkpoint(int version, UUID tenantId, String tenant, long seq, String entryHash, Instant entryAt,
                         Instant checkpointedAt) {

    static final int VERSION = 1;
}
