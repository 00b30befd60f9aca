package io.consentry.policy;

import io.consentry.tenants.realm.RealmRoles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.UUID;

/** The access policy of a site: which methods open it and how strict the face check is. */
@Path("/api/v1/tenants/{tenant}/sites/{site}/policy")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed(RealmRoles.TENANT_ADMIN)
@Tag(name = "Policies")
public class PolicyResource {

    private final Policies policies;

    PolicyResource(Policies policies) {
        this.policies = policies;
    }

    @GET
    @Operation(summary = "The site's policy")
    public PolicyView get(@PathParam("tenant") String tenant, @PathParam("site") UUID site) {
        return policies.get(site);
    }

    @PUT
    @Operation(summary = "Replace the site's policy; refused with policy_invalid when face would be the only way in")
    public PolicyView save(@PathParam("tenant") String tenant, @PathParam("site") UUID site, @Valid @NotNull PolicyRequest request) {
        return policies.save(site, request);
    }
}
