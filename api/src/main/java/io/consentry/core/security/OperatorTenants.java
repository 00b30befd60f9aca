package io.consentry.core.security;

import io.consentry.core.problem.ProblemCode;
import io.consentry.core.problem.ApiException;
import io.consentry.tenants.registry.Tenant;
import io.consentry.tenants.registry.TenantRegistry;
import io.consentry.tenants.registry.TenantStatus;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * A platform operator acting on one tenant (key rotation, model migration, recording in the tenant's audit log):
 * the tenant named by the route, 404 when there is none, and the request bound to its schema.
 */
@ApplicationScoped
public class OperatorTenants {

    private final TenantRegistry registry;
    private final CallerTenant caller;

    OperatorTenants(TenantRegistry registry, CallerTenant caller) {
        this.registry = registry;
        this.caller = caller;
    }

    /** The registered tenant with this slug, or 404 {@code tenant_not_found}. */
    public Tenant find(String slug) {
        return registry.findBySlug(slug).orElseThrow(() ->
                new ApiException(ProblemCode.TENANT_NOT_FOUND, "There is no tenant with the slug '" + slug + "'."));
    }

    /** Finds the tenant and binds this request to it; only platform operators may call it (see CallerTenant#assume). */
    public Tenant actOn(String slug) {
        Tenant tenant = find(slug);
        caller.assume(tenant);
        return tenant;
    }

    /**
     * As {@link #actOn(String)}, refusing (409 {@code move_running}) while the tenant is being moved to another cell: for
     * operator actions that start background work on the tenant's data (key rotation, model migration), which the
     * move's locks would hold up and which would then write to the cell the tenant is leaving.
     */
    public Tenant actOnUnlessMoving(String slug) {
        Tenant tenant = find(slug);
        if (tenant.status == TenantStatus.MOVING) {
            throw new ApiException(ProblemCode.MOVE_RUNNING, "Tenant '" + slug + "' is being moved to another cell; start this "
                    + "once the move has finished.");
        }
        caller.assume(tenant);
        return tenant;
    }

    /**
     * Binds this request to the tenant and refuses (503 {@code tenant_schema_outdated}) when its schema lags behind
     * this code: for operator actions that change the tenant and then record it in its audit log, so that they fail
     * before the change rather than half-way.
     */
    public void actOnCurrentSchema(Tenant tenant) {
        caller.assume(tenant);
        caller.require();
    }

    /** Binds this request to an already found tenant. */
    public void actOn(Tenant tenant) {
        caller.assume(tenant);
    }
}
