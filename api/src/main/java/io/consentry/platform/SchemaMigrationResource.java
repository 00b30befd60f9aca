package io.consentry.platform;

import io.consentry.core.problem.ApiException;
import io.consentry.core.problem.ProblemCode;
import io.consentry.core.security.CallerTenant;
import io.consentry.tenants.realm.RealmRoles;
import io.consentry.tenants.registry.TenantRegistry;
import io.consentry.tenants.schema.SchemaMigrationRun;
import io.consentry.tenants.schema.SchemaMigrationRuns;
import io.consentry.tenants.schema.TenantMigrations;
import io.consentry.tenants.schema.TenantSchemaMigrationJob;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.UUID;

/** The tenant schema migration job for platform operators: start a run on demand and follow its progress. */
@Path("/api/v1/platform/schema-migrations")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(RealmRoles.PLATFORM_OPERATOR)
@Tag(name = "Platform: schema migrations")
public class SchemaMigrationResource {

    private final TenantSchemaMigrationJob job;
    private final SchemaMigrationRuns runs;
    private final TenantRegistry registry;
    private final CallerTenant caller;

    SchemaMigrationResource(TenantSchemaMigrationJob job, SchemaMigrationRuns runs, TenantRegistry registry, CallerTenant caller) {
        this.job = job;
        this.runs = runs;
        this.registry = registry;
        this.caller = caller;
    }

    @POST
    @Operation(summary = "Migrate every tenant schema that lags behind this api's version, in the background",
            description = "Returns at once with the run that is now working (202). When a run is already going (on any "
                    + "replica) that run is returned instead of starting a second one. Resumable: a new run continues "
                    + "with whatever is still behind; one tenant failing does not stop the others.")
    @APIResponse(responseCode = "202", description = "The running run",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SchemaMigrationView.class)))
    public Response start() {
        SchemaMigrationRun run = job.start("platform/" + caller.username()).orElse(null);
        return Response.accepted(view(run)).build();
    }

    @GET
    @Path("current")
    @Operation(summary = "The running run, or the latest one, with the tenants still behind and the failures")
    public SchemaMigrationView current() {
        return view(runs.current().orElse(null));
    }

    @GET
    @Path("{id}")
    @Operation(summary = "One run's progress")
    public SchemaMigrationView get(@PathParam("id") String id) {
        UUID runId;
        try {
            runId = UUID.fromString(id);
        } catch (IllegalArgumentException notAnId) {
            throw notFound();
        }
        return view(runs.find(runId).orElseThrow(SchemaMigrationResource::notFound));
    }

    private SchemaMigrationView view(SchemaMigrationRun run) {
        int required = TenantMigrations.LATEST_VERSION;
        var behind = registry.behindSchemaVersion(required);
        return new SchemaMigrationView(required, behind.size(), SchemaMigrationView.Run.of(run),
                behind.stream().filter(t -> t.schemaError != null).map(SchemaMigrationView.Failure::of).toList());
    }

    private static ApiException notFound() {
        return new ApiException(ProblemCode.NOT_FOUND, "There is no schema migration run with this id.");
    }
}
