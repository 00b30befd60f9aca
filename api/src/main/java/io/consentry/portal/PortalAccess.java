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

    /**
     * For redeeming an invitation: an unknown or inactive tenant is answered exactly like an invitation that is not
     * valid, so the public portal does not tell which tenants exist.
     */
    public Tenant enterTenantToRedeem(String slug) {
        refuseRealmTokens();
        Tenant tenant = registry.findBySlug(slug).filter(t -> t.status == TenantStatus.ACTIVE).orElseThrow(() ->
                new ApiException(ProblemCode.INVITATION_INVALID, io.consentry.core.security.PortalTokenVerifier.INVALID_INVITATION));
        if (caller.tenant().isEmpty()) {
            caller.assume(tenant);
        }
        return tenant;
    }

    /** For the public receipt key: the tenant of the path if it exists (active or suspended), else empty. */
    public java.util.Optional<Tenant> enterTenantIfKnown(String slug) {
        refuseRealmTokens();
        java.util.Optional<Tenant> tenant = registry.findBySlug(slug)
                .filter(t -> t.status == TenantStatus.ACTIVE || t.status == TenantStatus.SUSPENDED);
        tenant.filter(t -> caller.tenant().isEmpty()).ifPresent(caller::assume);
        return tenant;
    }

    private void refuseRealmTokens() {
        if (caller.issuer().isPresent()) {
            throw new ApiException(ProblemCode.PORTAL_TOKEN_REQUIRED, "Portal routes accept only the subject's own portal token (Authorization: Portal <token>), not a realm token.");
        }
    }

    /** Binds the request to the tenant of the path (no subject yet). */
    public Tenant enterTenant(String slug) {
        if (caller.issuer().isPresent()) {
            throw new ApiException(ProblemCode.PORTAL_TOKEN_REQUIRED, "Portal routes accept only the subject's own portal token (Authorization: Portal <token>), not a realm token.");
        }
        Tenant tenant = registry.findBySlug(slug).orElseThrow(() ->
                new ApiException(ProblemCode.TENANT_NOT_FOUND, "There is no tenant '" + slug + "'."));
        if (tenant.status == TenantStatus.MOVING) {
            throw new ApiException(ProblemCode.TENANT_MOVING, "This tenant is being moved; the portal is back in a few minutes.");
        }
        if (tenant.status != TenantStatus.ACTIVE) {
            throw new ApiException(ProblemCode.TENANT_SUSPENDED, "This tenant's portal is not available at the moment.");
        }
        if (caller.tenant().isEmpty()) {
            caller.assume(tenant);
        }
        return tenant;
    }
}
