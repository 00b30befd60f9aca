package io.consentry.cellmove;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;

/**
 * A move as operators see it: where it is and what it has copied. Never a secret: client secrets travel between the
 * two Keycloaks only.
 */
@Schema(name = "TenantMove")
public record MoveView(String id, String tenant, String from, String to, MoveState state, MoveStep step, Progress progress,
                       @Schema(description = "Why the move failed, or what could not be done after the switch (e.g. the staff's setup links)")
                       String error,
                       @Schema(description = "What remains on the old cell after a move DONE_WITH_LEFTOVERS; retry the clean-up")
                       String leftovers,
                       String requestedBy, Instant startedAt, Instant switchedAt, Instant finishedAt) {

    /** What each step has copied so far. */
    public record Progress(int tablesTotal, int tablesCopied, long rowsCopied, long objectsCopied, long bytesCopied,
                           int realmUsers, int realmClients, int realmRoles, int setupLinksSent) {
    }

    static MoveView of(TenantMove move) {
        return new MoveView(move.id().toString(), move.tenantSlug(), move.fromCell(), move.toCell(), move.state(), move.step(),
                new Progress(move.tablesTotal(), move.tablesCopied(), move.rowsCopied(), move.objectsCopied(), move.bytesCopied(),
                        move.realmUsers(), move.realmClients(), move.realmRoles(), move.setupLinks()),
                move.error(), move.leftovers(), move.requestedBy(), move.startedAt(), move.switchedAt(), move.finishedAt());
    }
}
