package io.consentry.migration;

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

/** One tenant's model migration for platform operators (the same operation tenant admins have under their routes). */
@Path("/api/v1/platform/tenants/{slug}/model-migration")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(RealmRoles.PLATFORM_OPERATOR)
@Tag(name = "Platform: tenants")
public class OperatorTenantMigrationResource {

    private final OperatorTenants operatorTenants;
    private final CallerTenant caller;
    private final ModelMigration migration;

    OperatorTenantMigrationResource(OperatorTenants operatorTenants, CallerTenant caller, ModelMigration migration) {
        this.operatorTenants = operatorTenants;
        this.caller = caller;
        this.migration = migration;
    }

    @GET
    @Operation(summary = "One tenant's model migration status")
    public MigrationStatus status(@PathParam("slug") String slug) {
        operatorTenants.actOn(slug);
        return migration.status();
    }

    @POST
    @Path("start")
    @Operation(summary = "Start (or resume) one tenant's model migration in the background")
    @APIResponse(responseCode = "202", description = "Migration started in the background",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = MigrationStatus.class)))
    @APIResponse(responseCode = "409", description = "move_running: the tenant is being moved to another cell")
    public Response start(@PathParam("slug") String slug) {
        operatorTenants.actOnUnlessMoving(slug);
        return Response.accepted(migration.start(Actor.user(caller.username()))).build();
    }
}
