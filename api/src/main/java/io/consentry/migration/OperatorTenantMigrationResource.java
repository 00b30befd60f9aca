package io.consentry.migration;

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

/** One tenant's model migration for platform operators (the same operation tenant admins have under their routes). */
@Path("/api/v1/platform/tenants/{slug}/model-migration")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(RealmRoles.PLATFORM_OPERATOR)
@Tag(name = "Platform: tenants")
public class OperatorTenantMigrationResource {

    @Inject
    TenantRegistry registry;
    @Inject
    CallerTenant caller;
    @Inject
    ModelMigration migration;

    @GET
    @Operation(summary = "One tenant's model migration status")
    public MigrationStatus status(@PathParam("slug") String slug) {
        enter(slug);
        return migration.status();
    }

    @POST
    @Path("start")
    @Operation(summary = "Start (or resume) one tenant's model migration in the background")
    public Response start(@PathParam("slug") String slug) {
        enter(slug);
        return Response.accepted(migration.start(Actor.user(caller.username()))).build();
    }

    private void enter(String slug) {
        Tenant tenant = registry.findBySlug(slug).orElseThrow(() ->
                ApiException.notFound("tenant_not_found", "There is no tenant with the slug '" + slug + "'."));
        caller.assume(tenant);
    }
}
