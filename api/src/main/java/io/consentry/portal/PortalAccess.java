package io.consentry.portal;

import io.consentry.core.problem.ProblemCode;
import io.consentry.core.problem.ApiException;
import io.consentry.core.security.CallerTenant;
import io.consentry.tenants.registry.Tenant;
import io.consentry.tenants.registry.TenantRegistry;
import io.consentry.tenants.registry.TenantStatus;
import jakarta.enterprise.context.RequestScoped;

/**
 * The portal routes that need no subject token (redeeming an invitation, the public receipt key) still belong to one
 * tenant, named by the path; this binds the request to it. Realm tokens are refused on every portal route: nobody but
 * the subject acts on the portal, so an admin cannot consent for a subject. Routes for the subject are guarded by
 * {@code @RolesAllowed(PortalSubject.ROLE)} instead (see {@code PortalAuthenticationMechanism}).
 */
@RequestScoped
public class PortalAccess {

    private final TenantRegistry registry;
    private final CallerTenant caller;

    PortalAccess(TenantRegistry registry, CallerTenant caller) {
        this.registry = registry;
        this.caller = caller;
    }

    /** Binds the request to the tenant of the path (no subject yet). */
    public Tenant enterTenant(String slug) {
        if (caller.issuer().isPresent()) {
            throw new ApiException(ProblemCode.PORTAL_TOKEN_REQUIRED, "Portal routes accept only the subject's own portal token (Authorization: Portal <token>), not a realm token.");
        }
        Tenant tenant = registry.findBySlug(slug).orElseThrow(() ->
                new ApiException(ProblemCode.TENANT_NOT_FOUND, "There is no tenant '" + slug + "'."));
        if (tenant.status != TenantStatus.ACTIVE) {
            throw new ApiException(ProblemCode.TENANT_SUSPENDED, "This tenant's portal is not available at the moment.");
        }
        if (caller.tenant().isEmpty()) {
            caller.assume(tenant);
        }
        return tenant;
    }
}
