package io.consentry.filing;

import io.consentry.tenants.realm.RealmRoles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The tenant's standing against the filing threshold (the console's banner). */
@Path("/api/v1/tenants/{tenant}/filing")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({RealmRoles.TENANT_ADMIN, RealmRoles.AUDITOR})
@Tag(name = "Tenant: filing threshold")
public class FilingResource {

    private final FilingThreshold filing;

    FilingResource(FilingThreshold filing) {
        this.filing = filing;
    }

    @GET
    @Operation(summary = "How many people's face data the tenant holds, the filing threshold, and whether it was crossed")
    public FilingStatus get(@PathParam("tenant") String tenant) {
        return filing.status();
    }
}
