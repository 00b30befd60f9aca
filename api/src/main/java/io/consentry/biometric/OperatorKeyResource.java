package io.consentry.biometric;

import io.consentry.audit.Actor;
import io.consentry.problem.ApiException;
import io.consentry.security.CallerTenant;
import io.consentry.tenants.realm.RealmRoles;
import io.consentry.tenants.registry.Tenant;
import io.consentry.tenants.registry.TenantRegistry;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Key rotation for platform operators (the same operation tenant admins have under their tenant's routes). */
@Path("/api/v1/platform/tenants/{slug}/keys")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(RealmRoles.PLATFORM_OPERATOR)
@Tag(name = "Platform: tenants")
public class OperatorKeyResource {

    @Inject
    TenantRegistry registry;
    @Inject
    CallerTenant caller;
    @Inject
    KeyRotation rotation;

    @POST
    @Path("rotate")
    @Operation(summary = "Rotate a tenant's keyset: new primary key, background re-encryption; reads keep working")
    public Response rotate(@PathParam("slug") String slug) {
        enter(slug);
        return Response.accepted(rotation.rotate(Actor.user(caller.username()))).build();
    }

    @GET
    @Path("rotation")
    public KeyRotation.Progress progress(@PathParam("slug") String slug) {
        enter(slug);
        return rotation.progress();
    }

    private void enter(String slug) {
        Tenant tenant = registry.findBySlug(slug).orElseThrow(() ->
                ApiException.notFound("tenant_not_found", "There is no tenant with the slug '" + slug + "'."));
        caller.assume(tenant);
    }
}
