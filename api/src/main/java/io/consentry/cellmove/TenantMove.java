package io.consentry.cellmove;

import io.consentry.tenants.registry.TenantStatus;

import java.time.Instant;
import java.util.UUID;

/** One move as {@code platform.tenant_move} records it. */
public record TenantMove(UUID id, UUID tenantId, String tenantSlug, String fromCell, String toCell, TenantStatus previousStatus,
                         MoveState state, MoveStep step, int tablesTotal, int tablesCopied, long rowsCopied,
                         long objectsCopied, long bytesCopied, int realmUsers, int realmClients, int realmRoles,
                         int setupLinks, String error, String leftovers, String requestedBy, Instant startedAt,
                         Instant switchedAt, Instant finishedAt, Instant leaseUntil) {

    boolean switched() {
        return switchedAt != null;
    }
}
