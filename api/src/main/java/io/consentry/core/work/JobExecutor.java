package io.consentry.core.work;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.context.ManagedExecutor;
import org.eclipse.microprofile.context.ThreadContext;

import java.util.concurrent.Executor;

/**
 * Runs long background jobs (a tenant's model migration, its re-encryption after a key rotation), each of which may
 * take minutes, on a pool of their own. They must never share threads with the short deliveries of the
 * {@link BackgroundExecutor}: a few tenants migrating at once would otherwise hold every thread, and invitations,
 * notices and bucket writes would wait until the jobs ended. Two threads: the jobs are CPU-bound (inference,
 * decryption) and the api also serves requests. More jobs than threads queue up. Like the delivery pool it propagates
 * no context; {@link TenantWork} sets up tenant and request context.
 */
@ApplicationScoped
public class JobExecutor implements Executor {

    private final ManagedExecutor executor = ManagedExecutor.builder()
            .maxAsync(2)
            .propagated(ThreadContext.NONE)
            .cleared(ThreadContext.ALL_REMAINING)
            .build();

    @Override
    public void execute(Runnable command) {
        executor.execute(command);
    }

    @PreDestroy
    void stop() {
        executor.shutdown();
    }
}
