package io.consentry.keyrotation;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import io.consentry.core.audit.Actor;
import io.consentry.core.security.CallerTenant;
import io.consentry.core.security.OperatorTenants;
import io.consentry.tenants.realm.RealmRoles;
import jakarta.annotation.security.RolesAllowed;
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

    private final OperatorTenants operatorTenants;
    private final CallerTenant caller;
    private final KeyRotation rotation;

    OperatorKeyResource(OperatorTenants operatorTenants, CallerTenant caller, KeyRotation rotation) {
        this.operatorTenants = operatorTenants;
        this.caller = caller;
        this.rotation = rotation;
    }

    @POST
    @Path("rotate")
    @Operation(summary = "Rotate a tenant's keyset: new primary key, background re-encryption; reads keep working")
    @APIResponse(responseCode = "202", description = "Rotation started; re-encryption runs in the background",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = KeyRotation.Progress.class)))
    @APIResponse(responseCode = "409", description = "move_running: the tenant is being moved to another cell")
    public Response rotate(@PathParam("slug") String slug) {
        operatorTenants.actOnUnlessMoving(slug);
        return Response.accepted(rotation.rotate(Actor.user(caller.username()))).build();
    }

    @GET
    @Path("rotation")
    public KeyRotation.Progress progress(@PathParam("slug") String slug) {
        operatorTenants.actOn(slug);
        return rotation.progress();
    }
}
