package io.consentry.cellmove;

import io.consentry.tenants.placement.CellSettings;
import io.consentry.tenants.registry.Tenant;
import io.consentry.tenants.registry.TenantRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

/**
 * The moment a move takes effect: in one platform transaction the registry row names the target cell (its Keycloak
 * issuer, database and S3 endpoint; realm, schema and bucket names stay), the tenant returns to the status it had, and
 * the move records the switch. Every replica reads the row on each request, so the next request of the tenant goes to
 * the target; nothing per tenant is cached that would still point at the old cell (galleries and keysets are the same
 * data on either cell, and the OIDC configuration is chosen by the token's issuer, which the move changes).
 */
@ApplicationScoped
class MoveSwitch {

    private final TenantRegistry registry;
    private final TenantMoves moves;

    MoveSwitch(TenantRegistry registry, TenantMoves moves) {
        this.registry = registry;
        this.moves = moves;
    }

    @Transactional
    Tenant switchOver(TenantMove move, CellSettings target) {
        Tenant moved = registry.endMove(move.tenantId(), move.previousStatus(), target.cell());
        moves.switched(move.id());
        return moved;
    }

    /** A move that gave up: the tenant stays on its cell, with the status it had; the move says why. */
    @Transactional
    void giveUp(TenantMove move, String reason) {
        registry.endMove(move.tenantId(), move.previousStatus(), null);
        moves.finish(move.id(), MoveState.FAILED, reason, null);
    }
}
