package io.consentry.accessrights;

import io.consentry.tenants.realm.RealmRoles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.UUID;

/** Which groups may enter a site and when. */
@Path("/api/v1/tenants/{tenant}/sites/{site}/rights")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed({RealmRoles.TENANT_ADMIN, RealmRoles.AUDITOR})
@Tag(name = "Tenant: access rights")
public class SiteRightsResource {

    private final SiteRights rights;

    SiteRightsResource(SiteRights rights) {
        this.rights = rights;
    }

    @GET
    @Operation(summary = "The site's rights: restricted=false means no group is listed and every subject of the tenant may enter")
    public SiteRightsView get(@PathParam("tenant") String tenant, @PathParam("site") UUID site) {
        return rights.get(site);
    }

    @PUT
    @RolesAllowed(RealmRoles.TENANT_ADMIN)
    @Operation(summary = "Replace the site's rights: the allowed groups with weekly windows (site time zone; empty = any time) "
            + "and dated exceptions (closed all day, or other hours); no groups opens the site to everyone again")
    public SiteRightsView replace(@PathParam("tenant") String tenant, @PathParam("site") UUID site,
                                  @NotNull SiteRightsRequest request) {
        return rights.replace(site, request);
    }
}
