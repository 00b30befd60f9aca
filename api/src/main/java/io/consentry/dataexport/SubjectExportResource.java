package io.consentry.dataexport;

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

import java.util.List;
import java.util.UUID;

/**
 * Exports on behalf of a subject who asked the controller directly (by letter, at a desk). Admins create them;
 * auditors can see that they were made but not read them — the package is the subject's personal data.
 */
@Path("/api/v1/tenants/{tenant}/subjects/{subject}/exports")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({RealmRoles.TENANT_ADMIN, RealmRoles.AUDITOR})
@Tag(name = "Subjects")
public class SubjectExportResource {

    private final SubjectDataExports exports;
    private final CallerTenant caller;

    SubjectExportResource(SubjectDataExports exports, CallerTenant caller) {
        this.exports = exports;
        this.caller = caller;
    }

    @POST
    @RolesAllowed(RealmRoles.TENANT_ADMIN)
    @Operation(summary = "Prepare a data-subject export package for this subject")
    @APIResponse(responseCode = "201", description = "The export being prepared",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SubjectDataExports.ExportView.class)))
    public Response create(@PathParam("tenant") String tenant, @PathParam("subject") UUID subject) {
        return Response.status(201).entity(exports.create(subject, DataExport.RequestedBy.ADMIN,
                Actor.user(caller.username()))).build();
    }

    @GET
    public List<SubjectDataExports.ExportView> list(@PathParam("tenant") String tenant, @PathParam("subject") UUID subject) {
        return exports.list(subject);
    }

    @GET
    @Path("{id}")
    @RolesAllowed(RealmRoles.TENANT_ADMIN)
    @Operation(summary = "Download an export package (JSON file) to hand to the subject")
    public Response download(@PathParam("tenant") String tenant, @PathParam("subject") UUID subject, @PathParam("id") UUID id) {
        return DataExportDownload.of(id, exports.document(subject, id, Actor.user(caller.username())));
    }
}
