package io.consentry.keyrotation;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import io.consentry.core.audit.Actor;
import io.consentry.core.security.CallerTenant;
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

/** Key rotation for tenant admins (operators have the same under the platform routes). */
@Path("/api/v1/tenants/{tenant}/keys")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({RealmRoles.TENANT_ADMIN, RealmRoles.AUDITOR})
@Tag(name = "Tenant: consent")
public class TenantKeyResource {

    private final KeyRotation rotation;
    private final CallerTenant caller;

    TenantKeyResource(KeyRotation rotation, CallerTenant caller) {
        this.rotation = rotation;
        this.caller = caller;
    }

    @POST
    @Path("rotate")
    @RolesAllowed(RealmRoles.TENANT_ADMIN)
    @Operation(summary = "Rotate the tenant keyset: new primary key, background re-encryption; reads keep working")
    @APIResponse(responseCode = "202", description = "Rotation started; re-encryption runs in the background",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = KeyRotation.Progress.class)))
    public Response rotate(@PathParam("tenant") String tenant) {
        return Response.accepted(rotation.rotate(Actor.user(caller.username()))).build();
    }

    @POST
    @Path("rotation/resume")
    @RolesAllowed(RealmRoles.TENANT_ADMIN)
    @Operation(summary = "Resume an interrupted re-encryption now (it also resumes by itself on a schedule)")
    @APIResponse(responseCode = "202", description = "Re-encryption resumed in the background",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = KeyRotation.Progress.class)))
    public Response resume(@PathParam("tenant") String tenant) {
        rotation.start();
        return Response.accepted(rotation.progress()).build();
    }

    @GET
    @Path("rotation")
    @Operation(summary = "Re-encryption progress: records per key, complete when all are on the primary key")
    public KeyRotation.Progress rotation(@PathParam("tenant") String tenant) {
        return rotation.progress();
    }
}
