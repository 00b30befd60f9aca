package io.consentry.core.security;

import io.consentry.core.problem.ProblemCode;
import io.consentry.core.problem.ApiException;
import io.consentry.tenants.registry.Tenant;
import io.consentry.tenants.registry.TenantRegistry;
import io.consentry.tenants.registry.TenantStatus;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;

/**
 * The blocking half of portal authentication: finds the tenant of the path, binds the lookup to its schema and asks
 * the portal whether the token is valid there. A token of another tenant is simply unknown in this schema.
 */
@ApplicationScoped
class PortalTokenCheck {

    private final TenantRegistry registry;
    private final CallerTenant caller;
    private final PortalTokenVerifier verifier;

    PortalTokenCheck(TenantRegistry registry, CallerTenant caller, PortalTokenVerifier verifier) {
        this.registry = registry;
        this.caller = caller;
        this.verifier = verifier;
    }

    @ActivateRequestContext
    SecurityIdentity identify(String tenantSlug, String token) {
        // A token for a tenant that does not exist is an invalid token, answered like any other: the portal is public,
        // so its answers must not tell which tenants exist.
        Tenant tenant = registry.findBySlug(tenantSlug).orElseThrow(() ->
                new ApiException(ProblemCode.PORTAL_TOKEN_INVALID, PortalTokenVerifier.INVALID_LINK));
        if (tenant.status == TenantStatus.MOVING) {
            throw new ApiException(ProblemCode.TENANT_MOVING, "This tenant is being moved; the portal is back in a few minutes.");
        }
        if (tenant.status != TenantStatus.ACTIVE) {
            throw new ApiException(ProblemCode.TENANT_SUSPENDED, "This tenant's portal is not available at the moment.");
        }
        caller.bindForAuthentication(tenant);
        PortalTokenVerifier.Verified verified = verifier.verify(token);
        return QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal("subject:" + verified.subjectId()))
                .addRole(PortalSubject.ROLE)
                .addAttribute(PortalSubject.TENANT_ATTRIBUTE, tenant)
                .addAttribute(PortalSubject.SUBJECT_ATTRIBUTE, verified.subjectId())
                .addAttribute(PortalSubject.CHANNEL_ATTRIBUTE, "portal:" + verified.kind())
                .build();
    }
}
