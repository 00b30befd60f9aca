package io.consentry.cellmove;

import io.consentry.core.problem.ApiException;
import io.consentry.core.problem.ProblemCode;
import io.consentry.tenants.placement.CellSettings;
import io.consentry.tenants.placement.Cells;
import io.consentry.tenants.registry.Tenant;
import io.consentry.tenants.registry.TenantRegistry;
import io.consentry.tenants.registry.TenantStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.util.List;
import java.util.UUID;

/**
 * The cell-move feature's facade: start a move of a tenant to another cell, follow it, retry its clean-up. Every
 * refusal happens before anything is written.
 */
@ApplicationScoped
public class CellMoves {

    private final Cells cells;
    private final TenantRegistry registry;
    private final TenantMoves moves;
    private final MoveRunner runner;
    private final MoveSwitch switcher;

    CellMoves(Cells cells, TenantRegistry registry, TenantMoves moves, MoveRunner runner, MoveSwitch switcher) {
        this.cells = cells;
        this.registry = registry;
        this.moves = moves;
        this.runner = runner;
        this.switcher = switcher;
    }

    /** Starts moving {@code tenant} to the cell named {@code cell}; returns the running move. */
    public TenantMove start(Tenant tenant, String cell, String requestedBy) {
        recoverAbandoned(tenant);
        CellSettings target = cells.named(cell).orElseThrow(() -> new ApiException(ProblemCode.UNKNOWN_CELL,
                "There is no cell named '" + cell + "'; the cells are " + String.join(", ", cells.all().stream().map(CellSettings::name).toList()) + "."));
        if (target.name().equals(tenant.cell)) {
            throw new ApiException(ProblemCode.MOVE_TO_OWN_CELL, "Tenant '" + tenant.slug + "' already lives on cell '" + cell + "'.");
        }
        TenantMove move = claim(tenant.slug, target.name(), requestedBy);
        runner.start(move);
        return move;
    }

    @Transactional
    TenantMove claim(String slug, String targetCell, String requestedBy) {
        // Read again inside the transaction: the status decides, and the claim and the mark commit together.
        Tenant tenant = registry.findBySlug(slug).orElseThrow();
        if (tenant.status == TenantStatus.MOVING) {
            throw running(tenant);
        }
        if (tenant.status != TenantStatus.ACTIVE && tenant.status != TenantStatus.SUSPENDED) {
            throw new ApiException(ProblemCode.INVALID_TENANT_STATUS, "Tenant '" + tenant.slug + "' is "
                    + tenant.status.name().toLowerCase() + "; only an active or suspended tenant can be moved.");
        }
        TenantMove move = moves.claim(tenant.id, tenant.slug, tenant.cell, targetCell, tenant.status, requestedBy, runner.lease())
                .orElseThrow(() -> running(tenant));
        if (!registry.markMoving(tenant.id)) {
            throw running(tenant);
        }
        return move;
    }

    public TenantMove get(Tenant tenant, String id) {
        UUID moveId;
        try {
            moveId = UUID.fromString(id);
        } catch (IllegalArgumentException notAnId) {
            throw notFound();
        }
        return moves.find(tenant.id, moveId).orElseThrow(CellMoves::notFound);
    }

    public List<TenantMove> history(Tenant tenant) {
        recoverAbandoned(tenant);
        return moves.history(tenant.id);
    }

    /** Tries again to remove what a finished move left on the old cell. */
    public TenantMove retryCleanup(Tenant tenant, String id) {
        TenantMove move = get(tenant, id);
        if (move.state() != MoveState.DONE_WITH_LEFTOVERS || !moves.reopenForCleanup(move.id(), runner.lease())) {
            throw new ApiException(ProblemCode.MOVE_NOTHING_LEFT, "Move " + id + " is " + move.state().name().toLowerCase()
                    + "; only a move that left something on the old cell can be cleaned up again.");
        }
        TenantMove reopened = get(tenant, id);
        runner.startCleanup(reopened);
        return reopened;
    }

    /**
     * A running move whose replica stopped (its lease lapsed) never finishes by itself: before the switch the tenant is
     * put back where it was (its hold on the old schema ended with the replica's connection) and what the move made on
     * the target is removed; after the switch only the clean-up is left, which an operator retries.
     */
    void recoverAbandoned(Tenant tenant) {
        for (TenantMove move : moves.abandoned(tenant.id)) {
            if (move.switched()) {
                moves.finish(move.id(), MoveState.DONE_WITH_LEFTOVERS, "The replica running the move stopped during clean-up.",
                        "whatever of the tenant remains on " + move.fromCell() + " (retry the clean-up)");
            } else {
                runner.abandon(move);
            }
        }
    }

    private static ApiException running(Tenant tenant) {
        return new ApiException(ProblemCode.MOVE_RUNNING, "A move of tenant '" + tenant.slug + "' is under way; wait for it to finish.");
    }

    private static ApiException notFound() {
        return new ApiException(ProblemCode.MOVE_NOT_FOUND, "This tenant has no move with this id.");
    }
}
