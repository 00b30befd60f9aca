package io.consentry.core.work;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.UUID;

/**
 * What the tenant outboxes (bucket writes, mail) share. Each entry is claimed with {@code FOR UPDATE SKIP LOCKED} and
 * performed in a transaction of its own, one after another, so every replica may work an outbox at the same time and
 * none takes an entry another holds. A tenant's outbox is drained right after the commit that filled it
 * ({@link #soon}) and by a scheduled sweep over every live tenant for whatever failed ({@link #sweep}). An outbox
 * supplies only how to claim and perform its next entry ({@link Step}).
 */
@ApplicationScoped
public class OutboxDrain {

    /** The outcome of one claimed entry: its sequence number and whether it was performed. */
    public record Attempt(long seq, boolean done) {
    }

    /** How many entries a run performed and how many failed (and wait for their back-off). */
    public record Tally(int done, int failed) {
    }

    /** Claims the first entry after {@code afterSeq} and performs it, in the caller's transaction; null when none is left. */
    @FunctionalInterface
    public interface Step {
        Attempt next(long afterSeq);
    }

    private final TenantWork work;
    private final BackgroundExecutor executor;

    OutboxDrain(TenantWork work, BackgroundExecutor executor) {
        this.work = work;
        this.executor = executor;
    }

    /** Runs {@code run} as the tenant on a delivery thread, right away; a failure is logged, not thrown. */
    public void soon(UUID tenantId, Logger log, String outbox, Runnable run) {
        executor.execute(() -> {
            try {
                work.as(tenantId, () -> {
                    run.run();
                    return null;
                });
            } catch (RuntimeException e) {
                log.warnf("%s run for tenant %s failed: %s", outbox, tenantId, e.getMessage());
            }
        });
    }

    /** Runs {@code run} once as each live tenant; one tenant's failure does not stop the others. */
    public void sweep(Logger log, String outbox, Runnable run) {
        for (var tenant : work.liveTenants()) {
            try {
                work.as(tenant, () -> {
                    run.run();
                    return null;
                });
            } catch (RuntimeException e) {
                log.warnf("%s run for tenant %s failed: %s", outbox, tenant.slug, e.getMessage());
            }
        }
    }

    /** Performs entries in order until none is left or {@code batch} were tried, each in a new transaction. */
    public static Tally drain(int batch, Step step) {
        int done = 0;
        int failed = 0;
        long after = 0;
        while (done + failed < batch) {
            long from = after;
            Attempt attempt = QuarkusTransaction.requiringNew().call(() -> step.next(from));
            if (attempt == null) {
                break;
            }
            after = attempt.seq();
            if (attempt.done()) {
                done++;
            } else {
                failed++;
            }
        }
        return new Tally(done, failed);
    }
}
