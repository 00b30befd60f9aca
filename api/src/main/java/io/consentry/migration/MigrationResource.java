package io.consentry.migration;

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

/** The tenant's model migration: status (admins and auditors) and start (admins). */
@Path("/api/v1/tenants/{tenant}/model-migration")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({RealmRoles.TENANT_ADMIN, RealmRoles.AUDITOR})
@Tag(name = "Tenant: model migration")
public class MigrationResource {

    private final ModelMigration migration;
    private final CallerTenant caller;

    MigrationResource(ModelMigration migration, CallerTenant caller) {
        this.migration = migration;
        this.caller = caller;
    }

    @GET
    @Operation(summary = "Templates per model pack against the configured pack: stale, rebuildable, needing re-enrolment, rebuilt, flagged")
    public MigrationStatus status(@PathParam("tenant") String tenant) {
        return migration.status();
    }

    @POST
    @Path("start")
    @RolesAllowed(RealmRoles.TENANT_ADMIN)
    @Operation(summary = "Start (or resume) the migration in the background: rebuild stale templates from retained photos where "
            + "consented, flag the other subjects for re-enrolment; follow it with GET")
    @APIResponse(responseCode = "202", description = "Migration started in the background",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = MigrationStatus.class)))
    public Response start(@PathParam("tenant") String tenant) {
        return Response.accepted(migration.start(Actor.user(caller.username()))).build();
    }
}
