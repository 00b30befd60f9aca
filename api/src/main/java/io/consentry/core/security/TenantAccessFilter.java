package io.consentry.core.security;

import io.consentry.core.problem.ProblemCode;
import io.consentry.core.problem.Problem;
import io.consentry.core.problem.ProblemResponses;
import io.consentry.tenants.registry.Tenant;
import io.consentry.tenants.registry.TenantSlug;
import io.consentry.tenants.registry.TenantStatus;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tenant isolation at the door: a token is only good on the routes of the realm that issued it.
 * <ul>
 *   <li>platform routes accept platform-realm tokens only;</li>
 *   <li>tenant routes accept only tokens of the tenant named in the path;</li>
 *   <li>tokens of a tenant that is not active are refused everywhere;</li>
 *   <li>tokens of a disabled staff member (or issued before they were disabled) are refused everywhere;</li>
 *   <li>a verified token from any other realm is refused everywhere.</li>
 * </ul>
 * Roles are checked afterwards by the resources' annotations.
 */
public class TenantAccessFilter {

    private static final Pattern TENANT_ROUTE = Pattern.compile("^/api/v1/tenants/([^/]+)(/.*)?$");
    private static final String PLATFORM_ROUTES = "/api/v1/platform/";

    private final CallerTenant caller;
    private final jakarta.enterprise.inject.Instance<RevokedAccounts> revoked;

    TenantAccessFilter(CallerTenant caller, jakarta.enterprise.inject.Instance<RevokedAccounts> revoked) {
        this.caller = caller;
        this.revoked = revoked;
    }

    @ServerRequestFilter
    public Optional<Response> checkTenant(ContainerRequestContext request) {
        return refusal(request.getUriInfo().getPath()).map(ProblemResponses::of);
    }

    /**
     * Why this caller's token does not belong on {@code path}, if it does not. Also asked when a role check refused
     * the request before this filter ran, so an operator token on any tenant route gets the same answer.
     */
    Optional<Problem> refusal(String path) {
        if (caller.isAnonymous() || caller.issuer().isEmpty()) {
            return Optional.empty();
        }
        boolean platformCaller = caller.isPlatform();
        Optional<Tenant> callerTenant = platformCaller ? Optional.empty() : caller.tenant();

        if (!platformCaller && callerTenant.isEmpty()) {
            return refuse(ProblemCode.UNKNOWN_ISSUER, "Your token was not issued by the platform or by a tenant of this platform.");
        }
        if (callerTenant.isPresent() && callerTenant.get().status == TenantStatus.MOVING) {
            // Read from the registry row on every request, so every replica refuses from the moment the move begins.
            return refuse(ProblemCode.TENANT_MOVING, "The tenant '" + callerTenant.get().slug + "' is being moved to another "
                    + "cell; try again shortly. Devices use their alternatives meanwhile.");
        }
        if (callerTenant.isPresent() && callerTenant.get().status != TenantStatus.ACTIVE) {
            return refuse(ProblemCode.TENANT_SUSPENDED, "The tenant '" + callerTenant.get().slug + "' is "
                    + callerTenant.get().status.name().toLowerCase() + "; its users and devices are refused until a platform operator resumes it.");
        }
        if (callerTenant.isPresent() && isRevoked(callerTenant.get())) {
            return refuse(ProblemCode.ACCOUNT_DISABLED, "Your account was disabled, or this token was issued before it was; "
                    + "once an admin re-enables it, sign in again.");
        }
        if (path.startsWith(PLATFORM_ROUTES) && !platformCaller) {
            return refuse(ProblemCode.PLATFORM_ONLY, "Only platform operators (tokens of the platform realm) may use platform routes.");
        }
        Matcher tenantRoute = TENANT_ROUTE.matcher(path);
        if (tenantRoute.matches()) {
            String pathTenant = tenantRoute.group(1);
            if (platformCaller) {
                return refuse(ProblemCode.TENANT_TOKEN_REQUIRED, "Routes of tenant '" + pathTenant
                        + "' need a token of that tenant's realm; a platform token is not accepted.");
            }
            if (!callerTenant.get().slug.equals(pathTenant)) {
                return refuse(ProblemCode.TENANT_MISMATCH, "Your token belongs to tenant '" + callerTenant.get().slug
                        + "', not to '" + pathTenant + "'.");
            }
        }
        return Optional.empty();
    }

    /**
     * The same judgement from the verified token alone, without the registry: for a role check that refused the
     * request on the event loop, where no database call may run. A token of another tenant is recognised by its realm.
     */
    Optional<Problem> refusalFromToken(String path) {
        Optional<String> issuer = caller.issuer();
        if (caller.isAnonymous() || issuer.isEmpty()) {
            return Optional.empty();
        }
        boolean platformCaller = caller.isPlatform();
        if (path.startsWith(PLATFORM_ROUTES) && !platformCaller) {
            return refuse(ProblemCode.PLATFORM_ONLY, "Only platform operators (tokens of the platform realm) may use platform routes.");
        }
        Matcher tenantRoute = TENANT_ROUTE.matcher(path);
        if (!tenantRoute.matches()) {
            return Optional.empty();
        }
        String pathTenant = tenantRoute.group(1);
        if (platformCaller) {
            return refuse(ProblemCode.TENANT_TOKEN_REQUIRED, "Routes of tenant '" + pathTenant
                    + "' need a token of that tenant's realm; a platform token is not accepted.");
        }
        String pathRealm = TenantSlug.problemWith(pathTenant) == null ? new TenantSlug(pathTenant).realmName() : null;
        if (pathRealm == null || !issuer.get().endsWith("/realms/" + pathRealm)) {
            return refuse(ProblemCode.TENANT_MISMATCH, "Your token does not belong to tenant '" + pathTenant + "'.");
        }
        return Optional.empty();
    }

    /** A disabled staff member's token stays valid at Keycloak until it expires; the api refuses it at once. */
    private boolean isRevoked(Tenant tenant) {
        if (revoked.isUnsatisfied()) {
            return false;
        }
        Optional<String> subject = caller.subject();
        return subject.isPresent() && revoked.get().refuses(tenant, subject.get(),
                caller.issuedAt().orElse(java.time.Instant.EPOCH), caller.sessionId().orElse(null));
    }

    private static Optional<Problem> refuse(ProblemCode code, String detail) {
        return Optional.of(Problem.of(code, detail));
    }
}
