package io.consentry.me;

import io.consentry.core.security.CallerTenant;
import io.consentry.tenants.profile.TenantProfile;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

/**
 * Who am I, in which tenant. Small on purpose: it proves the whole chain — token issuer → tenant →
 * path check → tenant schema through Hibernate multitenancy.
 */
@Path("/api/v1/tenants/{tenant}/me")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
@Tag(name = "Tenant")
public class MeResource {

    private final CallerTenant caller;
    private final SecurityIdentity identity;

    MeResource(CallerTenant caller, SecurityIdentity identity) {
        this.caller = caller;
        this.identity = identity;
    }

    @GET
    @Transactional
    @Operation(summary = "The caller and the tenant, read from the tenant's own schema")
    public Me me(@PathParam("tenant") String tenant) {
        TenantProfile profile = TenantProfile.current();
        return new Me(profile.slug, profile.displayName, profile.kind, caller.username(),
                identity.getRoles().stream().sorted().toList());
    }

    public record Me(String tenant, String tenantDisplayName, String tenantKind, String username, List<String> roles) {
    }
}
