package io.consentry.core.work;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.context.ManagedExecutor;
import org.eclipse.microprofile.context.ThreadContext;

import java.util.concurrent.Executor;

/**
 * Runs short deliveries after a commit (mail, bucket writes) WITHOUT the caller's contexts: a propagated (already
 * completed) transaction or request scope would break the work. Tenant and request context are set up by
 * {@link TenantWork}. Long jobs go to the {@link JobExecutor} instead, so that they never hold these threads.
 */
@ApplicationScoped
public class BackgroundExecutor implements Executor {

    private final ManagedExecutor executor = ManagedExecutor.builder()
            .maxAsync(4)
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
