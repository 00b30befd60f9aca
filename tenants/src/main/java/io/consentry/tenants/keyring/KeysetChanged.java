package io.consentry.tenants.keyring;

import java.util.UUID;

/**
 * A tenant's keyset was rotated or destroyed. Fired inside the changing transaction; observers use
 * {@code TransactionPhase.AFTER_SUCCESS} (this replica drops its cached primitive, the api tells the other replicas).
 */
public record KeysetChanged(UUID tenantId) {
}
