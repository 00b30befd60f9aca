package io.consentry.dataexport;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import io.consentry.core.audit.Actor;
import io.consentry.core.security.PortalSubject;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;
import java.util.UUID;

/** The subject's own copy of their data, authorised like the rest of the portal ({@code Authorization: Portal <token>}). */
@Path("/portal/{tenant}/exports")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Consent portal")
@RolesAllowed(PortalSubject.ROLE)
public class PortalExportResource {

    private final PortalSubject subject;
    private final SubjectDataExports exports;

    PortalExportResource(PortalSubject subject, SubjectDataExports exports) {
        this.subject = subject;
        this.exports = exports;
    }

    @POST
    @Operation(summary = "Prepare a copy of everything held about me (consents, receipts, templates described, credentials, activity)")
    @APIResponse(responseCode = "201", description = "The export being prepared",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SubjectDataExports.ExportView.class)))
    public Response create(@PathParam("tenant") String tenant) {
        UUID subjectId = subject.id();
        return Response.status(201).entity(exports.create(subjectId, DataExport.RequestedBy.SUBJECT,
                Actor.subject(subjectId.toString()))).build();
    }

    @GET
    public List<SubjectDataExports.ExportView> list(@PathParam("tenant") String tenant) {
        return exports.list(subject.id());
    }

    @GET
    @Path("{id}")
    @Operation(summary = "Download one of my exports (JSON file)")
    public Response download(@PathParam("tenant") String tenant, @PathParam("id") UUID id) {
        UUID subjectId = subject.id();
        return DataExportDownload.of(id, exports.document(subjectId, id, Actor.subject(subjectId.toString())));
    }
}
