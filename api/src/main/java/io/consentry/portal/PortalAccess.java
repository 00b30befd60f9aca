package io.consentry.portal;

import io.consentry.problem.ApiException;
import io.consentry.security.CallerTenant;
import io.consentry.tenants.registry.Tenant;
import io.consentry.tenants.registry.TenantRegistry;
import io.consentry.tenants.registry.TenantStatus;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

import java.util.UUID;

/**
 * Authorises portal requests. The tenant is named by the path, then the subject's token must exist in THAT tenant's
 * schema (a token of another tenant is simply unknown there). Scheme: {@code Authorization: Portal <token>}, where the
 * token is a portal session (from an invitation) or the subject's personal link. Realm tokens are refused here:
 * nobody but the subject acts on the portal, so an admin cannot consent for a subject.
 */
@RequestScoped
public class PortalAccess {

    public static final String SCHEME = "Portal";

    @Inject
    TenantRegistry registry;
    @Inject
    CallerTenant caller;
    @Inject
    PortalTokens tokens;

    private UUID subjectId;
    private PortalToken token;

    /** Binds the request to the tenant of the path (no subject yet): for invitation redemption and public keys. */
    public Tenant enterTenant(String slug) {
        if (!caller.isAnonymous()) {
            throw new ApiException(401, "portal_token_required", "Portal token required",
                    "Portal routes accept only the subject's own portal token (Authorization: Portal <token>), not a realm token.");
        }
        Tenant tenant = registry.findBySlug(slug).orElseThrow(() ->
                ApiException.notFound("tenant_not_found", "There is no tenant '" + slug + "'."));
        if (tenant.status != TenantStatus.ACTIVE) {
            throw ApiException.forbidden("tenant_suspended", "This tenant's portal is not available at the moment.");
        }
        if (caller.tenant().isEmpty()) {
            caller.assume(tenant);
        }
        return tenant;
    }

    /** Binds the request to the tenant and to the subject of the presented token, or refuses with 401. */
    public UUID authenticate(String slug, String authorization) {
        enterTenant(slug);
        if (authorization == null || !authorization.regionMatches(true, 0, SCHEME + " ", 0, SCHEME.length() + 1)) {
            throw new ApiException(401, "portal_token_required", "Portal token required",
                    "Send your portal session or personal link token as 'Authorization: Portal <token>'.");
        }
        token = tokens.authenticate(authorization.substring(SCHEME.length() + 1).strip());
        subjectId = token.subjectId;
        return subjectId;
    }

    public UUID subjectId() {
        return subjectId;
    }

    public String channel() {
        return token == null ? "portal" : "portal:" + token.kind.name().toLowerCase();
    }
}
