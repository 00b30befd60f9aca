package io.consentry.migration;

import io.consentry.core.engine.CurrentEngine;
import io.consentry.core.security.CallerTenant;
import io.consentry.core.work.TenantWork;
import io.consentry.tenants.realm.RealmRoles;
import jakarta.annotation.security.RolesAllowed;
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

    private final TenantWork work;
    private final CallerTenant caller;
    private final CurrentEngine engine;
    private final ModelMigration migration;

    OperatorMigrationResource(TenantWork work, CallerTenant caller, CurrentEngine engine, ModelMigration migration) {
        this.work = work;
        this.caller = caller;
        this.engine = engine;
        this.migration = migration;
    }

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
