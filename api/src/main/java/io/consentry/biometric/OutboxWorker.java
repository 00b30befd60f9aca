package io.consentry.biometric;

import io.consentry.security.CallerTenant;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Performs the storage outbox: right after the deciding transaction commits, and on a schedule for whatever failed
 * (exponential back-off up to a minute). S3 deletes are idempotent and uploads overwrite, so running an entry twice
 * (a crash between the S3 call and the row removal) is harmless.
 */
@ApplicationScoped
public class OutboxWorker {

    private static final Logger LOG = Logger.getLogger(OutboxWorker.class);
    private static final int BATCH = 100;

    /** Fired when an entry is added; observed after commit to start the work at once. */
    public record Enqueued(UUID tenantId) {
    }

    public record RunResult(int done, int failed, long pending) {
    }

    @Inject
    TenantWork work;
    @Inject
    CallerTenant caller;
    @Inject
    MinioClient s3;
    @Inject
    BackgroundExecutor executor;

    private final ConcurrentHashMap<UUID, AtomicBoolean> running = new ConcurrentHashMap<>();

    void afterCommit(@Observes(during = TransactionPhase.AFTER_SUCCESS) Enqueued event) {
        executor.execute(() -> {
            try {
                work.as(event.tenantId(), () -> runCurrentTenant(false));
            } catch (RuntimeException e) {
                LOG.warnf("Storage outbox run for tenant %s failed: %s", event.tenantId(), e.getMessage());
            }
        });
    }

    @Scheduled(every = "${consentry.outbox.interval:15s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            delayed = "10s")
    void scheduled() {
        for (var tenant : work.liveTenants()) {
            try {
                work.as(tenant, () -> runCurrentTenant(false));
            } catch (RuntimeException e) {
                LOG.warnf("Storage outbox run for tenant %s failed: %s", tenant.slug, e.getMessage());
            }
        }
    }

    /** Runs the current tenant's due entries ({@code force}: ignore back-off). One run per tenant at a time. */
    public RunResult runCurrentTenant(boolean force) {
        UUID tenantId = caller.require().id;
        AtomicBoolean flag = running.computeIfAbsent(tenantId, id -> new AtomicBoolean());
        if (!flag.compareAndSet(false, true)) {
            return new RunResult(0, 0, pending());
        }
        int done = 0;
        int failed = 0;
        try {
            String bucket = caller.require().bucket;
            List<OutboxEntry> due = due(force);
            for (OutboxEntry entry : due) {
                try {
                    if (OutboxEntry.PUT.equals(entry.operation)) {
                        s3.putObject(PutObjectArgs.builder().bucket(bucket).object(entry.objectKey)
                                .stream(new ByteArrayInputStream(entry.payload), entry.payload.length, -1)
                                .contentType("application/octet-stream").build());
                    } else {
                        s3.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(entry.objectKey).build());
                    }
                    completed(entry.seq);
                    done++;
                } catch (Exception e) {
                    failed(entry.seq, e);
                    failed++;
                }
            }
            return new RunResult(done, failed, pending());
        } finally {
            flag.set(false);
        }
    }

    @Transactional
    List<OutboxEntry> due(boolean force) {
        List<OutboxEntry> rows = force
                ? OutboxEntry.find("order by seq").page(0, BATCH).list()
                : OutboxEntry.find("nextAttemptAt <= ?1 order by seq", Instant.now()).page(0, BATCH).list();
        rows.forEach(r -> OutboxEntry.getEntityManager().detach(r));
        return rows;
    }

    @Transactional
    public long pending() {
        return OutboxEntry.count();
    }

    @Transactional
    void completed(Long seq) {
        OutboxEntry.deleteById(seq);
    }

    @Transactional
    void failed(Long seq, Exception e) {
        OutboxEntry entry = OutboxEntry.findById(seq);
        if (entry == null) {
            return;
        }
        entry.attempts++;
        String message = e.getClass().getSimpleName() + ": " + e.getMessage();
        entry.lastError = message.length() > 500 ? message.substring(0, 500) : message;
        long backoff = Math.min(60, 1L << Math.min(entry.attempts, 6));
        entry.nextAttemptAt = Instant.now().plus(Duration.ofSeconds(backoff));
        LOG.warnf("Storage outbox: %s of an object failed (attempt %d), retry in %d s: %s",
                entry.operation, entry.attempts, backoff, entry.lastError);
    }
}
