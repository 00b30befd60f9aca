package io.consentry.core.security;

import io.consentry.tenants.placement.CellSettings;
import io.consentry.tenants.placement.Cells;
import io.consentry.tenants.realm.PlatformRealm;
import io.consentry.tenants.registry.TenantRegistry;
import io.quarkus.oidc.OidcRequestContext;
import io.quarkus.oidc.OidcTenantConfig;
import io.quarkus.oidc.TenantConfigResolver;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Optional;

/**
 * Picks the OIDC configuration that verifies a bearer token: the platform realm or the realm of the registered tenant
 * named by the token's issuer. Tenants created after start-up are found too. Every realm, the platform's included, is
 * a dynamic tenant set up on its first token (there is no default OIDC tenant): so nothing tries Keycloak's discovery
 * at start-up, before the api has created the platform realm.
 * The issuer is read before verification only to choose the keys; the signature check that follows is what
 * ties the token to that realm, so a header or body can never choose the tenant.
 * <p>A tenant's realm lives on its cell's Keycloak: its keys are fetched there (the cell's route for the api), while
 * the expected issuer is the one the registry records (the cell's public issuer base). An issuer no registered tenant
 * has, or a tenant on a cell this api is not configured for, gets no configuration: the token is refused.
 */
@ApplicationScoped
public class IssuerTenantConfigResolver implements TenantConfigResolver {

    static final String PLATFORM_TENANT_ID = "platform";

    private final TenantRegistry registry;
    private final Cells cells;

    IssuerTenantConfigResolver(TenantRegistry registry, Cells cells) {
        this.registry = registry;
        this.cells = cells;
    }

    @Override
    public Uni<OidcTenantConfig> resolve(RoutingContext routing, OidcRequestContext<OidcTenantConfig> context) {
        Optional<String> issuer = BearerTokens.unverifiedIssuer(routing.request().getHeader("Authorization"));
        if (issuer.isEmpty()) {
            return Uni.createFrom().nullItem();
        }
        if (issuer.get().equals(platformIssuer())) {
            return Uni.createFrom().item(realm(cells.home(), PlatformRealm.NAME, issuer.get(), PLATFORM_TENANT_ID));
        }
        return context.runBlocking(() -> registry.findByIssuer(issuer.get())
                .flatMap(tenant -> cells.named(tenant.cell)
                        // Named with the cell too: a tenant moved to another cell gets a configuration of its new Keycloak,
                        // not the one cached for its old.
                        .map(cell -> realm(cell, tenant.realm, tenant.issuer(),
                                CallerTenant.OIDC_TENANT_PREFIX + tenant.slug + "@" + cell.name())))
                .orElse(null));
    }

    /** {@code cell.keycloakUrl()} is how the api reaches that Keycloak (may be internal); the expected issuer stays the public one. */
    private static OidcTenantConfig realm(CellSettings cell, String realm, String issuer, String tenantId) {
        return OidcTenantConfig.authServerUrl(stripSlash(cell.keycloakUrl()) + "/realms/" + realm)
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
