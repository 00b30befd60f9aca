package io.consentry.migration;

import io.consentry.audit.Actor;
import io.consentry.biometric.TenantWork;
import io.consentry.engine.CurrentEngine;
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

import java.util.List;

/** The model migration for platform operators: every tenant at a glance, and starting it for one tenant. */
@Path("/api/v1/platform")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(RealmRoles.PLATFORM_OPERATOR)
@Tag(name = "Platform: tenants")
public class OperatorMigrationResource {

    @Inject
    TenantRegistry registry;
    @Inject
    TenantWork work;
    @Inject
    CallerTenant caller;
    @Inject
    CurrentEngine engine;
    @Inject
    ModelMigration migration;

    public record TenantMigration(String tenant, MigrationStatus status) {
    }

    public record Overview(String currentPack, String packVersion, String packDir, List<TenantMigration> tenants) {
    }

    @GET
    @Path("model-migration")
    @Operation(summary = "The configured model pack and the migration status of every active or suspended tenant")
    public Overview overview() {
        List<TenantMigration> tenants = work.liveTenants().stream().map(tenant -> {
            caller.assume(tenant);
            return new TenantMigration(tenant.slug, migration.status());
        }).toList();
        return new Overview(engine.packId(), engine.manifest().version(), engine.packDir().toString(), tenants);
    }

    @POST
    @Path("tenants/{slug}/model-migration/start")
    @Operation(summary = "Start (or resume) one tenant's model migration in the background")
    public Response start(@PathParam("slug") String slug) {
        Tenant tenant = registry.findBySlug(slug).orElseThrow(() ->
                ApiException.notFound("tenant_not_found", "There is no tenant with the slug '" + slug + "'."));
        caller.assume(tenant);
        return Response.accepted(migration.start(Actor.user(caller.username()))).build();
    }

    @GET
    @Path("tenants/{slug}/model-migration")
    @Operation(summary = "One tenant's model migration status")
    public MigrationStatus status(@PathParam("slug") String slug) {
        Tenant tenant = registry.findBySlug(slug).orElseThrow(() ->
                ApiException.notFound("tenant_not_found", "There is no tenant with the slug '" + slug + "'."));
        caller.assume(tenant);
        return migration.status();
    }
}
