package io.consentry.engineview;

import io.consentry.tenants.realm.RealmRoles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The console's engine view. The tenant comes from the token (TenantAccessFilter); only tenant admins may use it. */
@Path("/api/v1/tenants/{tenant}/engine")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(RealmRoles.TENANT_ADMIN)
@Tag(name = "Engine view")
public class EngineViewResource {

    private final EngineAnalysis analysis;
    private final PackCalibrations calibrations;

    EngineViewResource(EngineAnalysis analysis, PackCalibrations calibrations) {
        this.analysis = analysis;
        this.calibrations = calibrations;
    }

    @POST
    @Path("/analysis")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Analyse the signed-in admin's own face (request body: a frame from their camera): box, landmarks, "
            + "quality reasons, liveness. Only for an admin who is a consenting, enrolled subject of this tenant (same verified "
            + "e-mail); one face, theirs, or it is refused. Nothing is stored; no attribute is estimated")
    public AnalysisView analyse(@PathParam("tenant") String tenant, byte[] image) {
        return analysis.analyse(image);
    }

    @GET
    @Path("/calibration")
    @Operation(summary = "The active model pack's calibrated thresholds and, when shipped, its score histograms and FAR/FRR curves")
    public CalibrationView calibration(@PathParam("tenant") String tenant) {
        return calibrations.current();
    }
}
