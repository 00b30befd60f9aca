package io.consentry.dataexport;

import io.consentry.audit.Actor;
import io.consentry.portal.PortalAccess;
import jakarta.inject.Inject;
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
public class PortalExportResource {

    @Inject
    PortalAccess access;
    @Inject
    SubjectDataExports exports;

    @POST
    @Operation(summary = "Prepare a copy of everything held about me (consents, receipts, templates described, credentials, activity)")
    public Response create(@PathParam("tenant") String tenant, @HeaderParam(HttpHeaders.AUTHORIZATION) String auth) {
        UUID subject = access.authenticate(tenant, auth);
        return Response.status(201).entity(exports.create(subject, DataExport.RequestedBy.SUBJECT,
                Actor.subject(subject.toString()))).build();
    }

    @GET
    public List<SubjectDataExports.ExportView> list(@PathParam("tenant") String tenant,
                                                    @HeaderParam(HttpHeaders.AUTHORIZATION) String auth) {
        return exports.list(access.authenticate(tenant, auth));
    }

    @GET
    @Path("{id}")
    @Operation(summary = "Download one of my exports (JSON file)")
    public Response download(@PathParam("tenant") String tenant, @PathParam("id") UUID id,
                             @HeaderParam(HttpHeaders.AUTHORIZATION) String auth) {
        UUID subject = access.authenticate(tenant, auth);
        return DataExportDownload.of(id, exports.document(subject, id, Actor.subject(subject.toString())));
    }
}
