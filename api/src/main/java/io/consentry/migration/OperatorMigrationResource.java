package io.consentry.migration;

import io.consentry.biometric.TenantWork;
import io.consentry.engine.CurrentEngine;
import io.consentry.security.CallerTenant;
import io.consentry.tenants.realm.RealmRoles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

/** The model migration for platform operators: the configured pack and every tenant at a glance. */
@Path("/api/v1/platform/model-migration")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(RealmRoles.PLATFORM_OPERATOR)
@Tag(name = "Platform: tenants")
public class OperatorMigrationResource {

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
    @Operation(summary = "The configured model pack and the migration status of every active or suspended tenant")
    public Overview overview() {
        List<TenantMigration> tenants = work.liveTenants().stream().map(tenant -> {
            caller.assume(tenant);
            return new TenantMigration(tenant.slug, migration.status());
        }).toList();
        return new Overview(engine.packId(), engine.manifest().version(), engine.packDir().toString(), tenants);
    }
}
