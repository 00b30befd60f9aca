package io.consentry.core.storage;

import io.consentry.core.security.CallerTenant;
import io.consentry.core.work.OutboxDrain;
import io.consentry.core.work.OutboxDrain.Attempt;
import io.consentry.tenants.storage.ObjectStore;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Performs the storage outbox: right after the deciding transaction commits, and on a schedule for whatever failed
 * (exponential back-off up to a minute). S3 deletes are idempotent and uploads overwrite, so running an entry twice
 * (a crash between the S3 call and the row removal) is harmless.
 * <p>
 * Every api replica runs this worker. Each entry is claimed in a transaction of its own with
 * {@code FOR UPDATE SKIP LOCKED} and removed (or given its back-off) in that same transaction, so two replicas, or two
 * runs on one replica, never work on the same entry at once; a crash releases the claim with the connection. Only
 * the oldest entry of an object key can be claimed, so a PUT and a later DELETE of the same object are never done
 * out of order by two replicas (which could resurrect a deleted image).
 */
@ApplicationScoped
public class OutboxWorker {

    private static final Logger LOG = Logger.getLogger(OutboxWorker.class);
    private static final int BATCH = 100;

    /** The next entry this run may take: due (unless forced), first of its object, not held by another run. */
    private static final String CLAIM = """
            SELECT * FROM storage_outbox o
             WHERE o.seq > ?1 AND (?2 OR o.next_attempt_at <= ?3)
               AND NOT EXISTS (SELECT 1 FROM storage_outbox p WHERE p.object_key = o.object_key AND p.seq < o.seq)
             ORDER BY o.seq LIMIT 1
               FOR UPDATE SKIP LOCKED""";

    /** Fired when an entry is added; observed after commit to start the work at once. */
    public record Enqueued(UUID tenantId) {
    }

    public record RunResult(int done, int failed, long pending) {
    }

    private final OutboxDrain drain;
    private final CallerTenant caller;
    /** Each tenant's objects go to its bucket on its cell's S3. */
    private final ObjectStore stores;
    private final EntityManager em;

    OutboxWorker(OutboxDrain drain, CallerTenant caller, ObjectStore stores, EntityManager em) {
        this.drain = drain;
        this.caller = caller;
        this.stores = stores;
        this.em = em;
    }

    void afterCommit(@Observes(during = TransactionPhase.AFTER_SUCCESS) Enqueued event) {
        drain.soon(event.tenantId(), LOG, "Storage outbox", () -> runCurrentTenant(false));
    }

    @Scheduled(every = "${consentry.outbox.interval:15s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            delayed = "${consentry.outbox.initial-delay:10s}")
    void scheduled() {
        drain.sweep(LOG, "Storage outbox", () -> runCurrentTenant(false));
    }

    /**
     * Runs the current tenant's due entries ({@code force}: ignore back-off), each at most once per run, in order.
     * Entries another run holds right now are left to it.
     */
    public RunResult runCurrentTenant(boolean force) {
        io.consentry.tenants.registry.Tenant tenant = caller.require();
        String bucket = tenant.bucket;
        MinioClient s3 = stores.of(tenant);
        OutboxDrain.Tally tally = OutboxDrain.drain(BATCH, after -> attemptNext(after, force, s3, bucket));
        return new RunResult(tally.done(), tally.failed(), pending());
    }

    /** Claims the next entry after {@code after} and performs it; the claim lasts until this transaction ends. */
    private Attempt attemptNext(long after, boolean force, MinioClient s3, String bucket) {
        @SuppressWarnings("unchecked")
        List<OutboxEntry> claimed = em.createNativeQuery(CLAIM, OutboxEntry.class)
                .setParameter(1, after).setParameter(2, force).setParameter(3, Instant.now())
                .getResultList();
        if (claimed.isEmpty()) {
            return null;
        }
        OutboxEntry entry = claimed.get(0);
        try {
            if (OutboxEntry.PUT.equals(entry.operation)) {
                s3.putObject(PutObjectArgs.builder().bucket(bucket).object(entry.objectKey)
                        .stream(new ByteArrayInputStream(entry.payload), entry.payload.length, -1)
                        .contentType("application/octet-stream").build());
            } else {
                s3.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(entry.objectKey).build());
            }
            entry.delete();
            return new Attempt(entry.seq, true);
        } catch (Exception e) {
            failed(entry, e);
            return new Attempt(entry.seq, false);
        }
    }

    @Transactional
    public long pending() {
        return OutboxEntry.count();
    }

    private static void failed(OutboxEntry entry, Exception e) {
        entry.attempts++;
        String message = e.getClass().getSimpleName() + ": " + e.getMessage();
        entry.lastError = message.length() > 500 ? message.substring(0, 500) : message;
        long backoff = Math.min(60, 1L << Math.min(entry.attempts, 6));
        entry.nextAttemptAt = Instant.now().plus(Duration.ofSeconds(backoff));
        LOG.warnf("Storage outbox: %s of an object failed (attempt %d), retry in %d s: %s",
                entry.operation, entry.attempts, backoff, entry.lastError);
    }
}
