package io.consentry.accessrights;

import io.consentry.core.security.PortalSubject;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

/** The subject's own view of where they may go: nothing about other people, only their groups' sites and hours. */
@Path("/portal/{tenant}/places")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Consent portal")
public class PortalPlacesResource {

    private final SiteRights rights;
    private final PortalSubject subject;

    PortalPlacesResource(SiteRights rights, PortalSubject subject) {
        this.rights = rights;
        this.subject = subject;
    }

    @GET
    @RolesAllowed(PortalSubject.ROLE)
    @Operation(summary = "Where the subject may go: sites open to everyone, and sites that allow one of their groups, with "
            + "the weekly hours, the membership period and the coming dated exceptions")
    public List<PlaceView> places(@PathParam("tenant") String tenant) {
        return rights.placesOf(subject.id());
    }
}
