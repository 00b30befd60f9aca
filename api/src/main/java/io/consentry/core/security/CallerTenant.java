package io.consentry.core.security;

import io.consentry.core.problem.ApiException;
import io.consentry.core.problem.ProblemCode;
import io.consentry.tenants.schema.TenantMigrations;

import io.consentry.tenants.realm.PlatformRealm;
import io.consentry.tenants.registry.Tenant;
import io.consentry.tenants.registry.TenantRegistry;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.Optional;

/**
 * Who is calling, as far as tenancy goes: derived only from the verified token's issuer.
 * Request-scoped so the registry is asked at most once per request.
 */
@RequestScoped
public class CallerTenant {

    static final String OIDC_TENANT_PREFIX = "tenant:";

    private final SecurityIdentity identity;
    private final TenantRegistry registry;

    CallerTenant(SecurityIdentity identity, TenantRegistry registry) {
        this.identity = identity;
        this.registry = registry;
    }

    private Optional<Tenant> tenant;
    private Tenant assumed;

    public static String platformIssuer() {
        String keycloakUrl = ConfigProvider.getConfig().getValue("consentry.keycloak.issuer-base-url", String.class);
        return stripSlash(keycloakUrl) + "/realms/" + PlatformRealm.NAME;
    }

    public boolean isAnonymous() {
        return identity.isAnonymous();
    }

    /** The verified issuer of the caller's token, if it has one. */
    public Optional<String> issuer() {
        if (identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken token)) {
            return Optional.empty();
        }
        return Optional.ofNullable(token.getIssuer());
    }

    public boolean isPlatform() {
        return issuer().map(platformIssuer()::equals).orElse(false);
    }

    /**
     * For callers that are not OIDC users of a realm: the consent portal (tenant named by the path and bound to
     * the subject's portal token, which the portal checks first) and background jobs (inside an activated request
     * context), and platform operators acting on one tenant (e.g. writing its audit log). Never call it with a
     * tenant taken from unverified input.
     */
    public void assume(Tenant verifiedTenant) {
        if (!identity.isAnonymous() && !isPlatform()) {
            throw new IllegalStateException("A tenant user cannot assume another tenant");
        }
        this.assumed = verifiedTenant;
    }

    /**
     * Binds this request context to a tenant while the caller's identity is still being established (portal token
     * checks): the identity must not be consulted then. Only the security layer calls it, inside its own context.
     */
    void bindForAuthentication(Tenant tenant) {
        this.assumed = tenant;
    }

    /**
     * The registered tenant whose realm issued the caller's token, the tenant a portal token belongs to, or the one
     * assumed (see {@link #assume}).
     */
    public Optional<Tenant> tenant() {
        if (assumed != null) {
            return Optional.of(assumed);
        }
        Tenant portalTenant = identity.isAnonymous() ? null : identity.getAttribute(PortalSubject.TENANT_ATTRIBUTE);
        if (portalTenant != null) {
            return Optional.of(portalTenant);
        }
        if (tenant == null) {
            tenant = issuer().filter(iss -> !iss.equals(platformIssuer())).flatMap(registry::findByIssuer);
        }
        return tenant;
    }

    /** The tenant of this request; only call on routes the {@link TenantAccessFilter} has already checked. */
    public Tenant require() {
        Tenant tenant = tenant().orElseThrow(() -> new IllegalStateException("No tenant for this request"));
        if (tenant.schemaVersion < TenantMigrations.LATEST_VERSION) {
            // Its schema lacks what this code reads and writes: refuse rather than fail half-way (see TenantSchemaMigrationJob).
            throw new ApiException(ProblemCode.TENANT_SCHEMA_OUTDATED, "The data of tenant '" + tenant.slug
                    + "' is being upgraded to this version of the platform; try again in a few minutes.");
        }
        return tenant;
    }

    /** The token's subject (the account id in its realm), if the caller has a token. */
    public Optional<String> subject() {
        return identity.getPrincipal() instanceof JsonWebToken token ? Optional.ofNullable(token.getSubject()) : Optional.empty();
    }

    /** When the caller's token was issued ({@code iat}), if the caller has a token that says so. */
    public Optional<java.time.Instant> issuedAt() {
        return identity.getPrincipal() instanceof JsonWebToken token && token.getIssuedAtTime() > 0
                ? Optional.of(java.time.Instant.ofEpochSecond(token.getIssuedAtTime())) : Optional.empty();
    }

    /** The Keycloak session that issued the caller's token ({@code sid}), if it names one. */
    public Optional<String> sessionId() {
        return identity.getPrincipal() instanceof JsonWebToken token ? Optional.ofNullable(text(token.getClaim("sid"))) : Optional.empty();
    }

    public String username() {
        if (identity.getPrincipal() instanceof JsonWebToken token) {
            String preferred = token.getClaim("preferred_username");
            return preferred != null ? preferred : token.getSubject();
        }
        return identity.getPrincipal().getName();
    }

    /**
     * The e-mail address of the caller's realm account, when the realm says it is verified (the {@code email} and
     * {@code email_verified} claims of the access token); empty otherwise.
     */
    public Optional<String> verifiedEmail() {
        if (!(identity.getPrincipal() instanceof JsonWebToken token)) {
            return Optional.empty();
        }
        String verified = text(token.getClaim("email_verified"));
        String email = text(token.getClaim("email"));
        boolean isVerified = "true".equalsIgnoreCase(verified);
        return isVerified && email != null && !email.isBlank() ? Optional.of(email.strip()) : Optional.empty();
    }

    /** A claim as text, whether the JWT library hands it over as a Java value or as a JSON value. */
    private static String text(Object claim) {
        if (claim == null) {
            return null;
        }
        if (claim instanceof jakarta.json.JsonString json) {
            return json.getString();
        }
        return String.valueOf(claim);
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
