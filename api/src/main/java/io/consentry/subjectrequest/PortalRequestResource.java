package io.consentry.subjectrequest;

import io.consentry.core.security.PortalSubject;
import io.consentry.guardianship.Guardianship;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;
import java.util.UUID;

/**
 * The portal side of data-subject requests: the subject files and follows their own; a guardian does the same for a
 * ward with {@code ?for=<ward id>} (404 {@code ward_not_found} for anyone they are not linked to). Nobody sees
 * requests about someone else.
 */
@Path("/portal/{tenant}/requests")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(PortalSubject.ROLE)
@Tag(name = "Consent portal")
public class PortalRequestResource {

    private final PortalSubject portal;
    private final Guardianship guardianship;
    private final SubjectRequests requests;

    PortalRequestResource(PortalSubject portal, Guardianship guardianship, SubjectRequests requests) {
        this.portal = portal;
        this.guardianship = guardianship;
        this.requests = requests;
    }

    /** @param details what is wrong (required for CORRECTION), or anything the admin should know */
    public record NewRequest(@NotNull RequestType type, @Size(max = 4000) String details) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "File a request: ACCESS (a copy of your data), CORRECTION (say what is wrong) or ERASURE. "
            + "It is due within the statutory days of the tenant's jurisdiction")
    public Response file(@PathParam("tenant") String tenant, @QueryParam("for") UUID ward, @Valid @NotNull NewRequest body) {
        return Response.status(201).entity(requests.file(about(ward), portal.id(), body.type(), body.details())).build();
    }

    @GET
    @Operation(summary = "Your requests (or your ward's, with ?for=), with status, due date and answer")
    public List<SubjectRequests.View> list(@PathParam("tenant") String tenant, @QueryParam("for") UUID ward) {
        return requests.ofSubject(about(ward));
    }

    @GET
    @Path("{id}")
    @Operation(summary = "One of your requests (or your ward's, with ?for=)")
    public SubjectRequests.View get(@PathParam("tenant") String tenant, @PathParam("id") UUID id, @QueryParam("for") UUID ward) {
        return requests.ofSubject(about(ward), id);
    }

    private UUID about(UUID ward) {
        if (ward == null || ward.equals(portal.id())) {
            return portal.id();
        }
        return guardianship.requireWard(portal.id(), ward).id();
    }
}
