package io.consentry.core.security;

import io.consentry.tenants.realm.PlatformRealm;
import io.consentry.tenants.registry.TenantRegistry;
import io.quarkus.oidc.OidcRequestContext;
import io.quarkus.oidc.OidcTenantConfig;
import io.quarkus.oidc.TenantConfigResolver;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.Optional;

/**
 * Picks the OIDC configuration that verifies a bearer token: the platform realm or the realm of the registered tenant
 * named by the token's issuer. Tenants created after start-up are found too. Every realm, the platform's included, is
 * a dynamic tenant set up on its first token (there is no default OIDC tenant): so nothing tries Keycloak's discovery
 * at start-up, before the api has created the platform realm.
 * The issuer is read before verification only to choose the keys; the signature check that follows is what
 * ties the token to that realm, so a header or body can never choose the tenant.
 */
@ApplicationScoped
public class IssuerTenantConfigResolver implements TenantConfigResolver {

    static final String PLATFORM_TENANT_ID = "platform";

    private final TenantRegistry registry;

    /** How the api reaches Keycloak (may be an internal address); the expected issuer stays the public one. */
    private final String keycloakUrl;

    IssuerTenantConfigResolver(TenantRegistry registry,
                               @ConfigProperty(name = "consentry.keycloak.url") String keycloakUrl) {
        this.registry = registry;
        this.keycloakUrl = keycloakUrl;
    }

    @Override
    public Uni<OidcTenantConfig> resolve(RoutingContext routing, OidcRequestContext<OidcTenantConfig> context) {
        Optional<String> issuer = BearerTokens.unverifiedIssuer(routing.request().getHeader("Authorization"));
        if (issuer.isEmpty()) {
            return Uni.createFrom().nullItem();
        }
        if (issuer.get().equals(platformIssuer())) {
            return Uni.createFrom().item(realm(PlatformRealm.NAME, issuer.get(), PLATFORM_TENANT_ID));
        }
        return context.runBlocking(() -> registry.findByIssuer(issuer.get())
                .map(tenant -> realm(tenant.realm, tenant.issuer(), CallerTenant.OIDC_TENANT_PREFIX + tenant.slug))
                .orElse(null));
    }

    private OidcTenantConfig realm(String realm, String issuer, String tenantId) {
        return OidcTenantConfig.authServerUrl(stripSlash(keycloakUrl) + "/realms/" + realm)
                .token().issuer(issuer).end()
                .tenantId(tenantId)
                .applicationType(io.quarkus.oidc.runtime.OidcTenantConfig.ApplicationType.SERVICE)
                .roles().roleClaimPath("realm_access/roles").end()
                .build();
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private static String platformIssuer() {
        return CallerTenant.platformIssuer();
    }
}
