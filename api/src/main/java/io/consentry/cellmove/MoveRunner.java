package io.consentry.cellmove;

import io.consentry.core.audit.Actor;
import io.consentry.core.audit.AuditEvent;
import io.consentry.core.audit.AuditOutcome;
import io.consentry.core.audit.AuditTrail;
import io.consentry.core.work.TenantWork;
import io.consentry.staff.Staff;
import io.consentry.staff.StaffView;
import io.consentry.tenants.move.BucketCopy;
import io.consentry.tenants.move.RealmCopy;
import io.consentry.tenants.move.SchemaCopy;
import io.consentry.tenants.placement.CellSettings;
import io.consentry.tenants.placement.Cells;
import io.consentry.tenants.registry.Tenant;
import io.consentry.tenants.registry.TenantRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.context.ManagedExecutor;
import org.eclipse.microprofile.context.ThreadContext;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a move's steps in the background, each recorded with its progress: hold and copy the schema, copy the bucket,
 * copy the realm, switch, clean up the old cell. A failure before the switch removes whatever the move made on the
 * target and returns the tenant to service where it was; a failure while cleaning up leaves the move
 * DONE_WITH_LEFTOVERS, naming what remains, and a clean-up can be retried.
 */
@ApplicationScoped
class MoveRunner {

    private static final Logger LOG = Logger.getLogger(MoveRunner.class);

    /** Moves take minutes and hold a database connection each: a pool of their own, never the request threads. */
    private final ManagedExecutor executor = ManagedExecutor.builder()
            .maxAsync(2)
            .propagated(ThreadContext.NONE)
            .cleared(ThreadContext.ALL_REMAINING)
            .build();

    private final Cells cells;
    private final TenantMoves moves;
    private final TenantRegistry registry;
    private final MoveSwitch switcher;
    private final TenantWork work;
    private final AuditTrail audit;
    private final Staff staff;
    private final Duration lease;
    private final Duration lockWait;

    MoveRunner(Cells cells, TenantMoves moves, TenantRegistry registry, MoveSwitch switcher, TenantWork work, AuditTrail audit,
               Staff staff,
               @ConfigProperty(name = "consentry.cell-moves.lease", defaultValue = "2m") Duration lease,
               @ConfigProperty(name = "consentry.cell-moves.lock-wait", defaultValue = "5m") Duration lockWait) {
        this.cells = cells;
        this.moves = moves;
        this.registry = registry;
        this.switcher = switcher;
        this.work = work;
        this.audit = audit;
        this.staff = staff;
        this.lease = lease;
        this.lockWait = lockWait;
    }

    Duration lease() {
        return lease;
    }

    void start(TenantMove move) {
        executor.execute(() -> run(move));
    }

    void startCleanup(TenantMove move) {
        executor.execute(() -> {
            try {
                Tenant tenant = registry.findBySlug(move.tenantSlug()).orElseThrow();
                cleanUp(move, tenant, null, false);
            } catch (RuntimeException e) {
                LOG.errorf(e, "Clean-up of move %s failed", move.id());
                moves.finish(move.id(), MoveState.DONE_WITH_LEFTOVERS, null, "clean-up did not finish: " + e.getMessage());
            }
        });
    }

    /** Puts the tenant of a move whose replica stopped back where it was, and removes what the move made on the target. */
    void abandon(TenantMove move) {
        CellSettings to = cells.named(move.toCell()).orElse(null);
        Tenant tenant = registry.findBySlug(move.tenantSlug()).orElse(null);
        Made made = new Made();
        made.schema = made.bucket = made.realm = true;
        List<String> remains = to == null || tenant == null ? List.of() : made.undo(to, tenant);
        switcher.giveUp(move, "The replica running the move stopped before the switch. "
                + (remains.isEmpty() ? "Everything it had made on " + move.toCell() + " was removed"
                : "It could not remove from " + move.toCell() + ": " + String.join("; ", remains))
                + "; the tenant is served from " + move.fromCell() + " again, as before.");
    }

    @PreDestroy
    void stop() {
        executor.shutdown();
    }

    private void run(TenantMove move) {
        CellSettings from;
        CellSettings to;
        Tenant tenant;
        try {
            tenant = registry.findBySlug(move.tenantSlug()).orElseThrow();
            from = cells.named(move.fromCell()).orElseThrow();
            to = cells.named(move.toCell()).orElseThrow();
        } catch (RuntimeException e) {
            switcher.giveUp(move, "The move could not start: " + e);
            return;
        }
        Made made = new Made();
        SchemaCopy held = null;
        Tenant moved;
        try {
            occupied(to, tenant);
            moves.step(move.id(), MoveStep.SCHEMA, lease);
            made.step = "copying the database schema " + tenant.dbSchema;
            held = SchemaCopy.hold(from, tenant.dbSchema, lockWait);
            Instant locked = Instant.now();
            int tables = held.sourceRows().size();
            moves.tables(move.id(), tables, 0, 0, lease);
            made.schema = true;
            long[] rows = {0};
            int[] copied = {0};
            held.copyTo(to, tenant.schemaVersion, table -> {
                rows[0] += table.rows();
                moves.tables(move.id(), tables, ++copied[0], rows[0], lease);
            });

            Instant schemaCopied = Instant.now();
            moves.step(move.id(), MoveStep.OBJECTS, lease);
            made.step = "copying the objects of bucket " + tenant.bucket;
            made.bucket = true;
            BucketCopy.copy(from, to, tenant.bucket, p -> moves.objects(move.id(), p.objects(), p.bytes(), lease));

            Instant objectsCopied = Instant.now();
            moves.step(move.id(), MoveStep.REALM, lease);
            made.step = "copying the sign-in realm " + tenant.realm;
            made.realm = true;
            RealmCopy.copy(from, to, tenant.realm, c -> moves.realm(move.id(), c.users(), c.clients(), c.roles(), lease));

            Instant realmCopied = Instant.now();
            moves.step(move.id(), MoveStep.SWITCH, lease);
            made.step = "switching the tenant over";
            moved = switcher.switchOver(move, to);
            // What operators plan a move's window by (docs/operations/cell-moves.md): each step's time.
            LOG.infof("Move %s of tenant %s: schema (%d tables, %d rows) %d ms after the lock, objects %d ms, realm %d ms",
                    move.id(), move.tenantSlug(), tables, rows[0], Duration.between(locked, schemaCopied).toMillis(),
                    Duration.between(schemaCopied, objectsCopied).toMillis(), Duration.between(objectsCopied, realmCopied).toMillis());
        } catch (Exception e) {
            LOG.warnf(e, "Move %s of tenant %s from %s to %s failed while %s", move.id(), move.tenantSlug(), move.fromCell(),
                    move.toCell(), made.step);
            if (held != null) {
                held.release();
            }
            List<String> remains = made.undo(to, tenant);
            String reason = "The move failed while " + made.step + ": " + message(e) + ". "
                    + (remains.isEmpty() ? "Everything it had made on " + to.name() + " was removed"
                    : "It could not remove from " + to.name() + ": " + String.join("; ", remains))
                    + "; the tenant is served from " + from.name() + " again, as before.";
            switcher.giveUp(move, reason);
            return;
        }
        cleanUp(move, moved, held, true);
    }

    /** Removes the tenant from the old cell, then records the move in the tenant's log (on the new cell) and ends it. */
    private void cleanUp(TenantMove move, Tenant moved, SchemaCopy held, boolean firstTime) {
        CellSettings from = cells.named(move.fromCell()).orElseThrow();
        Instant started = Instant.now();
        List<String> leftovers = new ArrayList<>();
        try {
            if (held != null) {
                held.dropSource();
            } else {
                SchemaCopy.drop(from, moved.dbSchema);
            }
        } catch (Exception e) {
            leftovers.add("schema " + moved.dbSchema + " on " + from.name() + " (" + message(e) + ")");
        }
        try {
            BucketCopy.remove(from, moved.bucket);
        } catch (RuntimeException e) {
            leftovers.add("bucket " + moved.bucket + " on " + from.name() + " (" + message(e) + ")");
        }
        try {
            RealmCopy.delete(from, moved.realm);
        } catch (RuntimeException e) {
            leftovers.add("realm " + moved.realm + " on " + from.name() + " (" + message(e) + ")");
        }
        LOG.infof("Move %s of tenant %s: old cell %s cleaned up in %d ms%s", move.id(), move.tenantSlug(), from.name(),
                Duration.between(started, Instant.now()).toMillis(), leftovers.isEmpty() ? "" : "; left: " + leftovers);
        String note = null;
        if (firstTime) {
            note = recordAndNotify(move, moved);
        }
        moves.finish(move.id(), leftovers.isEmpty() ? MoveState.DONE : MoveState.DONE_WITH_LEFTOVERS, note,
                leftovers.isEmpty() ? null : String.join("; ", leftovers));
    }

    /**
     * The tenant's log records the move (written after the switch, so on the new cell, where the chain continues), and
     * its staff get a fresh setup link: the old cell's passwords and authenticator apps do not move. Returns a note
     * when either could not be done; the move itself is complete either way.
     */
    private String recordAndNotify(TenantMove move, Tenant moved) {
        Actor operator = Actor.user(move.requestedBy());
        List<String> problems = new ArrayList<>();
        try {
            work.as(moved, () -> {
                Map<String, String> details = new LinkedHashMap<>();
                details.put("tenant", moved.slug);
                details.put("move", move.id().toString());
                details.put("from", move.fromCell());
                details.put("to", move.toCell());
                details.put("startedAt", move.startedAt().toString());
                audit.append(new AuditEvent(operator, "tenant.move.started", null, null, AuditOutcome.OK, details));
                details.put("finishedAt", Instant.now().toString());
                return audit.append(new AuditEvent(operator, "tenant.move.finished", null, null, AuditOutcome.OK, details));
            });
        } catch (RuntimeException e) {
            LOG.errorf(e, "Move %s: could not record the move in the tenant's audit log", move.id());
            problems.add("the move could not be recorded in the tenant's audit log (" + message(e) + ")");
        }
        try {
            int sent = work.as(moved, () -> {
                int count = 0;
                for (StaffView person : staff.list()) {
                    if (!"DISABLED".equals(person.status())) {
                        staff.resendSetupLink(person.id(), operator);
                        count++;
                    }
                }
                return count;
            });
            moves.setupLinks(move.id(), sent);
        } catch (RuntimeException e) {
            LOG.errorf(e, "Move %s: could not send the staff their setup links", move.id());
            problems.add("the staff could not be sent new setup links (" + message(e) + "); send them from the console");
        }
        return problems.isEmpty() ? null : String.join("; ", problems);
    }

    /** Nothing of another's is adopted or overwritten: the target must not hold a schema, bucket or realm of that name. */
    private static void occupied(CellSettings to, Tenant tenant) throws Exception {
        List<String> found = new ArrayList<>();
        if (SchemaCopy.exists(to, tenant.dbSchema)) {
            found.add("a database schema " + tenant.dbSchema);
        }
        if (BucketCopy.exists(to, tenant.bucket)) {
            found.add("a bucket " + tenant.bucket);
        }
        if (RealmCopy.exists(to, tenant.realm)) {
            found.add("a realm " + tenant.realm);
        }
        if (!found.isEmpty()) {
            throw new IllegalStateException(to.name() + " already holds " + String.join(", ", found)
                    + ", which the platform did not make for this move; nothing was copied");
        }
    }

    private static String message(Exception e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }

    /** What this move has made on the target so far, to be removed if it gives up. */
    private static final class Made {
        String step = "starting";
        boolean schema;
        boolean bucket;
        boolean realm;

        List<String> undo(CellSettings to, Tenant tenant) {
            List<String> remains = new ArrayList<>();
            if (realm) {
                try {
                    RealmCopy.delete(to, tenant.realm);
                } catch (RuntimeException e) {
                    remains.add("realm " + tenant.realm + " (" + message(e) + ")");
                }
            }
            if (bucket) {
                try {
                    BucketCopy.remove(to, tenant.bucket);
                } catch (RuntimeException e) {
                    remains.add("bucket " + tenant.bucket + " (" + message(e) + ")");
                }
            }
            if (schema) {
                try {
                    SchemaCopy.drop(to, tenant.dbSchema);
                } catch (Exception e) {
                    remains.add("schema " + tenant.dbSchema + " (" + message(e) + ")");
                }
            }
            return remains;
        }
    }
}
