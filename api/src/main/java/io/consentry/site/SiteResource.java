package io.consentry.site;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import io.consentry.tenants.realm.RealmRoles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;
import java.util.UUID;

/** Tenant admins define the places people enter. */
@Path("/api/v1/tenants/{tenant}/sites")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed(RealmRoles.TENANT_ADMIN)
@Tag(name = "Sites and devices")
public class SiteResource {

    private final Sites sites;

    SiteResource(Sites sites) {
        this.sites = sites;
    }

    @GET
    @Operation(summary = "List sites")
    public List<SiteView> list(@PathParam("tenant") String tenant) {
        return sites.list();
    }

    @POST
    @Operation(summary = "Create a site (it starts with a policy of non-biometric methods only)")
    @APIResponse(responseCode = "201", description = "The site",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SiteView.class)))
    public Response create(@PathParam("tenant") String tenant, @Valid @NotNull SiteRequest request) {
        return Response.status(201).entity(sites.create(request)).build();
    }

    @GET
    @Path("/{site}")
    @Operation(summary = "One site")
    public SiteView get(@PathParam("tenant") String tenant, @PathParam("site") UUID site) {
        return sites.get(site);
    }

    @PUT
    @Path("/{site}")
    @Operation(summary = "Rename or describe a site")
    public SiteView update(@PathParam("tenant") String tenant, @PathParam("site") UUID site, @Valid @NotNull SiteRequest request) {
        return sites.update(site, request);
    }

    @DELETE
    @Path("/{site}")
    @Operation(summary = "Delete a site that has no devices")
    @APIResponse(responseCode = "204", description = "Deleted")
    public Response delete(@PathParam("tenant") String tenant, @PathParam("site") UUID site) {
        sites.delete(site);
        return Response.noContent().build();
    }
}
