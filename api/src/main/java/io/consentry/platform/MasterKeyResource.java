package io.consentry.platform;

import io.consentry.tenants.keyring.TenantKeyring;
import io.consentry.tenants.realm.RealmRoles;
import io.consentry.tenants.registry.Tenant;
import io.consentry.tenants.registry.TenantRegistry;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Master-key rotation, step 3 of the operator guide: after a new primary key was added to the master keyset and
 * every api instance restarted, re-wrap every tenant keyset under it; then the old master key can be retired.
 */
@Path("/api/v1/platform/master-key")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(RealmRoles.PLATFORM_OPERATOR)
@Tag(name = "Platform: keys")
public class MasterKeyResource {

    private final TenantRegistry registry;
    private final TenantKeyring keyring;

    MasterKeyResource(TenantRegistry registry, TenantKeyring keyring) {
        this.registry = registry;
        this.keyring = keyring;
    }

    @POST
    @Path("rewrap")
    @Operation(summary = "Re-encrypt every tenant keyset under the master key's current primary key")
    public Rewrapped rewrap() {
        int rewrapped = 0;
        for (Tenant tenant : registry.list()) {
            if (keyring.exists(tenant.id)) {
                keyring.rewrap(tenant.id);
                rewrapped++;
            }
        }
        return new Rewrapped(rewrapped);
    }

    public record Rewrapped(int tenantKeysets) {
    }
}
