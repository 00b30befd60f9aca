package io.consentry.core.work;

import io.consentry.core.security.CallerTenant;
import io.consentry.tenants.registry.Tenant;
import io.consentry.tenants.registry.TenantRegistry;
import io.consentry.tenants.registry.TenantStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;

import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

/** Runs background work (outbox, expiry, re-encryption) as a given tenant, in a fresh request context. */
@ApplicationScoped
public class TenantWork {

    private final CallerTenant caller;
    private final TenantRegistry registry;

    TenantWork(CallerTenant caller, TenantRegistry registry) {
        this.caller = caller;
        this.registry = registry;
    }

    @ActivateRequestContext
    public <T> T as(Tenant tenant, Supplier<T> work) {
        caller.assume(tenant);
        return work.get();
    }

    public <T> T as(UUID tenantId, Supplier<T> work) {
        Tenant tenant = liveTenants().stream().filter(t -> t.id.equals(tenantId)).findFirst()
                .orElseThrow(() -> new IllegalStateException("No live tenant " + tenantId));
        return as(tenant, work);
    }

    /** Tenants whose schema may hold work: active and suspended ones (suspension stops users, not erasure). */
    public List<Tenant> liveTenants() {
        return registry.list().stream()
                .filter(t -> t.status == TenantStatus.ACTIVE || t.status == TenantStatus.SUSPENDED).toList();
    }
}
