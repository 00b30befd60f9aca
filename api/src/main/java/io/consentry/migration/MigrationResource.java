package io.consentry.migration;

import io.consentry.audit.Actor;
import io.consentry.security.CallerTenant;
import io.consentry.tenants.realm.RealmRoles;
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

/** The tenant's model migration: status (admins and auditors) and start (admins). */
@Path("/api/v1/tenants/{tenant}/model-migration")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({RealmRoles.TENANT_ADMIN, RealmRoles.AUDITOR})
@Tag(name = "Tenant: model migration")
public class MigrationResource {

    @Inject
    ModelMigration migration;
    @Inject
    CallerTenant caller;

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
    public Response start(@PathParam("tenant") String tenant) {
        return Response.accepted(migration.start(Actor.user(caller.username()))).build();
    }
}
